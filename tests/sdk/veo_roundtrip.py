"""Veo round-trip with the official google-genai SDK against the fake Gemini API.

Env: FAKE_BASE_URL (the fake's root), FAKE_KEY, optional FAKE_IMAGE (a PNG path for
image-to-video). Prints the generated video's URI on the last line.
"""

import os
import time

from google import genai
from google.genai import types

client = genai.Client(
    api_key=os.environ["FAKE_KEY"],
    http_options=types.HttpOptions(base_url=os.environ["FAKE_BASE_URL"]),
)

image = None
if os.environ.get("FAKE_IMAGE"):
    with open(os.environ["FAKE_IMAGE"], "rb") as f:
        image = types.Image(image_bytes=f.read(), mime_type="image/png")

operation = client.models.generate_videos(
    model="veo-3.1-fast-generate-preview",
    prompt="a lighthouse at dawn, slow dolly in",
    image=image,
    config=types.GenerateVideosConfig(
        aspect_ratio="9:16", duration_seconds=4, number_of_videos=1
    ),
)
assert operation.name and "/operations/" in operation.name, operation
polls = 0
while not operation.done:
    polls += 1
    assert polls < 10, "the operation never finished"
    time.sleep(0.05)
    operation = client.operations.get(operation)

assert operation.error is None, operation.error
videos = operation.response.generated_videos
assert videos and videos[0].video.uri, operation.response
print(videos[0].video.uri)
