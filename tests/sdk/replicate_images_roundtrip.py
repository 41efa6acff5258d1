"""replicate (official Python client) FLUX image round-trip against the fake Replicate API.

`client.run` on black-forest-labs/flux-schnell (its own create with `Prefer: wait`, then its
polling) answers a list of file outputs whose bytes are a PNG of FLUX's 9:16 size; flux-dev
takes a reference image as a data URL; an `aspect_ratio` outside the schema is the SDK's
typed 422. Prints the first output URL on the last line.
Environment: FAKE_BASE_URL (the fake's root), REPLICATE_API_TOKEN.
"""

import base64
import os
import struct
import urllib.request

import replicate
from replicate.exceptions import ReplicateError

client = replicate.Client(
    api_token=os.environ["REPLICATE_API_TOKEN"], base_url=os.environ["FAKE_BASE_URL"]
)
client.poll_interval = 0.05


def read(output):
    """A file output's bytes (the SDK wraps https: and data: URLs; the fake's http: stay strings)."""
    if isinstance(output, str):
        return urllib.request.urlopen(output).read()
    return output.read()


def png_size(data):
    assert data[:8] == b"\x89PNG\r\n\x1a\n", data[:8]
    return struct.unpack(">II", data[16:24])


outputs = client.run(
    "black-forest-labs/flux-schnell",
    input={"prompt": "a lighthouse at dawn", "aspect_ratio": "9:16", "output_format": "png", "seed": 7},
)
assert isinstance(outputs, list) and len(outputs) == 1, outputs
assert png_size(read(outputs[0])) == (768, 1344)

reference = "data:image/png;base64," + base64.b64encode(read(outputs[0])).decode()
dev = client.run(
    "black-forest-labs/flux-dev",
    input={"prompt": "the same lighthouse at night", "image": reference, "prompt_strength": 0.8,
           "aspect_ratio": "16:9", "output_format": "png", "num_inference_steps": 28},
)
assert png_size(read(dev[0])) == (1344, 768)

try:
    client.predictions.create(
        model="black-forest-labs/flux-schnell", input={"prompt": "x", "aspect_ratio": "7:3"}
    )
    raise AssertionError("an aspect ratio outside the schema was accepted")
except ReplicateError as e:
    assert e.status == 422, e

print(getattr(outputs[0], "url", outputs[0]))
