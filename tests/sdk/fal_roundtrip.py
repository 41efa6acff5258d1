"""fal-client (fal_client) round-trip against the fake fal queue.

fal_client reads its hosts from module constants (the queue host also from the
FAL_QUEUE_RUN_HOST environment variable, but always with https://): the fake speaks plain
HTTP on 127.0.0.1, so the queue, REST (storage) and CDN bases are pointed at it here.
Uploads an image through the SDK's own storage path, submits, follows the status with the
SDK's iterator, fetches the result, checks status/result by request id (the SDK's
from_request_id URL building), and cancels a second request. Prints the output URL.
"""

import base64
import logging
import os
import sys

import fal_client
import fal_client.client as fal_http

base = os.environ["FAKE_BASE_URL"].rstrip("/")
fal_http.QUEUE_URL_FORMAT = base + "/"
fal_http.REST_URL = base
fal_http.CDN_URL = base + "/cdn"

client = fal_client.SyncClient(key=os.environ["FAL_KEY"])


class _Warnings(logging.Handler):
    """Collects the SDK's warnings (an upload falling back to another path, retries)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.seen = []

    def emit(self, record):
        self.seen.append(record.getMessage())


warnings_seen = _Warnings()
logging.getLogger("fal_client").addHandler(warnings_seen)

png = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg=="
)
image_url = client.upload(png, "image/png", file_name="first.png")
assert image_url.startswith(base + "/cdn/files/"), image_url
assert not warnings_seen.seen, warnings_seen.seen  # the v3 CDN path worked, no fallback
# The storage path fal-js (and the Reelforge adapter) use: initiate, then PUT.
client.upload(png, "image/png", file_name="second.png", repository="fal", fallback_repository=[])

endpoint = "fal-ai/kling-video/v2.5-turbo/pro/image-to-video"
handle = client.submit(
    endpoint,
    {"prompt": "a lighthouse at dawn", "image_url": image_url, "duration": "5"},
)
seen = []
for event in handle.iter_events(with_logs=True, interval=0.05):
    seen.append(type(event).__name__)
print("states:", ",".join(seen), file=sys.stderr)
assert seen[-1] == "Completed", seen
assert "Queued" in seen and "InProgress" in seen, seen

result = handle.get(interval=0.05)
video = result["video"]
assert video["content_type"] == "video/mp4", video

# The SDK's own URL building from a request id (owner/alias only).
status = client.status(endpoint, handle.request_id)
assert isinstance(status, fal_client.Completed), status
again = client.result(endpoint, handle.request_id)
assert again["video"]["url"].startswith(base), again

other = client.submit(
    "fal-ai/pika/v2.2/text-to-video", {"prompt": "waves", "duration": 5, "aspect_ratio": "9:16"}
)
other.cancel()

print(video["url"])
