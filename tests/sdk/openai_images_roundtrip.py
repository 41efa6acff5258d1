"""Round-trip of the official `openai` SDK's image generation against the fake OpenAI server.

gpt-image-1 answers `b64_json` (a PNG of the asked 1024x1536) with `usage`; dall-e-3 answers
a URL that serves a PNG; `images.edit` sends a reference as `image[]` (a file that is
not an image is refused); moderation (armed on the fake) is the SDK's BadRequestError with
code `moderation_blocked`; a spent quota its RateLimitError `insufficient_quota`; a 429
armed on the fake is retried by the SDK. Prints `ok` on the last line.
Environment: FAKE_BASE_URL (the fake's root), FAKE_KEY.
"""

import base64
import json
import os
import struct
import urllib.request

import openai
from openai import OpenAI

root = os.environ["FAKE_BASE_URL"]
client = OpenAI(api_key=os.environ["FAKE_KEY"], base_url=f"{root}/v1", max_retries=0)


def png_size(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n", data[:8]
    return struct.unpack(">II", data[16:24])


def arm(fault, times=1):
    body = json.dumps({"route": "create", "fault": fault, "times": times}).encode()
    request = urllib.request.Request(
        f"{root}/__fake/faults", data=body, headers={"content-type": "application/json"}
    )
    urllib.request.urlopen(request).read()


made = client.images.generate(
    model="gpt-image-1", prompt="a lighthouse at dawn", size="1024x1536", quality="medium",
    n=1, output_format="png", moderation="auto",
)
assert made.data[0].url is None
assert png_size(base64.b64decode(made.data[0].b64_json)) == (1024, 1536)
assert made.usage.output_tokens == 1584, made.usage

linked = client.images.generate(model="dall-e-3", prompt="a lighthouse", size="1024x1024")
assert png_size(urllib.request.urlopen(linked.data[0].url).read()) == (1024, 1024)

edited = client.images.edit(
    model="gpt-image-1", prompt="the same lighthouse at night", size="1024x1536",
    image=[("a.png", base64.b64decode(made.data[0].b64_json), "image/png")], input_fidelity="high",
)
assert png_size(base64.b64decode(edited.data[0].b64_json)) == (1024, 1536)
try:
    client.images.edit(model="gpt-image-1", prompt="x", image=[("b.png", b"text", "image/png")])
    raise AssertionError("a reference that is not an image was accepted")
except openai.BadRequestError as e:
    assert "Invalid image file" in str(e), e

arm({"kind": "moderation"})
try:
    client.images.generate(model="gpt-image-1", prompt="something flagged", size="1024x1024")
    raise AssertionError("moderation was not refused")
except openai.BadRequestError as e:
    assert e.code == "moderation_blocked", e

try:
    client.images.generate(model="gpt-image-1", prompt="fake:quota", size="1024x1024")
    raise AssertionError("a spent quota was not refused")
except openai.RateLimitError as e:
    assert e.code == "insufficient_quota", e

arm({"kind": "rate_limited", "retry_after_s": 0})
retried = client.with_options(max_retries=1).images.generate(
    model="gpt-image-1", prompt="a harbour", size="1536x1024"
)
assert png_size(base64.b64decode(retried.data[0].b64_json)) == (1536, 1024)

print("ok")
