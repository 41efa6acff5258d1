"""fal-client (fal_client) FLUX image round-trip against the fake fal queue.

The SDK's hosts are pointed at the fake as in fal_roundtrip.py. FLUX schnell with a named
`image_size` answers a PNG of 576x1024; FLUX Kontext takes its reference as an uploaded file
(the SDK's storage path) and as a data URI (fal_client.encode), answering the 9:16 size; a
reference that is not an image is refused (the SDK raises the 422). Prints the first image
URL on the last line.
"""

import base64
import os
import struct
import urllib.request

import fal_client
import fal_client.client as fal_http

base = os.environ["FAKE_BASE_URL"].rstrip("/")
fal_http.QUEUE_URL_FORMAT = base + "/"
fal_http.REST_URL = base
fal_http.CDN_URL = base + "/cdn"

client = fal_client.SyncClient(key=os.environ["FAL_KEY"])


def png_size(url):
    data = urllib.request.urlopen(url).read()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", data[:8]
    return struct.unpack(">II", data[16:24])


made = client.subscribe(
    "fal-ai/flux/schnell",
    arguments={"prompt": "a lighthouse at dawn", "image_size": "portrait_16_9", "output_format": "png"},
)
first = made["images"][0]["url"]
assert png_size(first) == (576, 1024), made
assert made["has_nsfw_concepts"] == [False], made

reference = urllib.request.urlopen(first).read()
uploaded = client.upload(reference, "image/png", file_name="character.png")
inline = "data:image/png;base64," + base64.b64encode(reference).decode()
for image_url in (uploaded, inline):
    kept = client.subscribe(
        "fal-ai/flux-pro/kontext",
        arguments={"prompt": "the same lighthouse at night", "image_url": image_url, "aspect_ratio": "9:16"},
    )
    assert png_size(kept["images"][0]["url"]) == (768, 1344), kept

refused = None
try:
    client.subscribe(
        "fal-ai/flux-pro/kontext",
        arguments={"prompt": "x", "image_url": "data:image/png;base64," + base64.b64encode(b"text").decode()},
    )
except Exception as e:  # the SDK raises its own error type for a 422 result
    refused = e
assert refused is not None, "a reference that is not an image was accepted"
assert "image" in str(refused).lower(), refused

print(first)
