"""replicate (official Python client) round-trip against the fake Replicate API.

The client takes its base URL at construction. Uploads an image with files.create, creates
a prediction on the official-model endpoint, waits with the SDK's own polling, reloads it,
creates and cancels a second one, and creates one on the version endpoint. Prints the
output URL.
"""

import base64
import io
import os
import sys

import replicate

client = replicate.Client(
    api_token=os.environ["REPLICATE_API_TOKEN"], base_url=os.environ["FAKE_BASE_URL"]
)

png = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
uploaded = client.files.create(io.BytesIO(png), filename="first.png", content_type="image/png")
assert uploaded.urls["get"], uploaded

prediction = client.predictions.create(
    model="kwaivgi/kling-v2.1",
    input={"prompt": "a lighthouse at dawn", "start_image": uploaded.urls["get"], "duration": 5, "mode": "standard"},
)
assert prediction.status == "starting", prediction.status
client.poll_interval = 0.05
prediction.wait()
assert prediction.status == "succeeded", (prediction.status, prediction.error)
prediction.reload()
url = prediction.output
assert isinstance(url, str) and url.startswith("http"), url
print("progress:", prediction.progress, file=sys.stderr)

other = client.predictions.create(
    model="kwaivgi/kling-v2.0", input={"prompt": "waves", "duration": 5, "aspect_ratio": "9:16"}
)
other.cancel()
other.reload()
assert other.status == "canceled", other.status

versioned = client.predictions.create(
    version="kwaivgi/kling-v2.0:" + "a" * 64, input={"prompt": "clouds", "duration": 5}
)
versioned = client.predictions.get(versioned.id)
assert versioned.status in ("starting", "processing"), versioned.status

print(url)
