"""Round-trip of the official `elevenlabs` SDK against the fake ElevenLabs server.

Models and voices are listed; text is converted to MP3 (the default format) and, with
timestamps and the text around it (`previous_text`, `next_text`: not billed), to raw PCM whose
per-character alignment follows the submitted text; a wrong key,
a format above the plan's tier and a spent quota come back as the SDK's typed errors with the
API's `detail.status`; a 429 armed on the fake is retried by the SDK and succeeds.
Prints `ok` on the last line.
Environment: FAKE_BASE_URL, FAKE_KEY; the fake's account holds about 500 characters.
"""

import base64
import json
import os
import sys
import urllib.request

from elevenlabs.client import ElevenLabs
from elevenlabs.core.api_error import ApiError

base = os.environ["FAKE_BASE_URL"]
key = os.environ["FAKE_KEY"]
GEORGE = "JBFqnCBsd6RMkjVDRZzb"
NO_RETRY = {"max_retries": 0}

client = ElevenLabs(api_key=key, base_url=base)

models = client.models.list()
assert any(m.model_id == "eleven_multilingual_v2" for m in models), models
voices = client.voices.get_all()
assert any(v.voice_id == GEORGE for v in voices.voices), voices

mp3 = b"".join(
    client.text_to_speech.convert(
        GEORGE, text="Bonjour.", model_id="eleven_multilingual_v2", request_options=NO_RETRY
    )
)
assert mp3[:3] == b"ID3" or (mp3[0] == 0xFF and mp3[1] & 0xE0 == 0xE0), mp3[:8]

# The text around it (continuity across chunks) is taken and not billed.
text = "Bonjour tout le monde."
timed = client.text_to_speech.convert_with_timestamps(
    GEORGE,
    text=text,
    model_id="eleven_multilingual_v2",
    output_format="pcm_24000",
    previous_text="Trois astuces Python.",
    next_text="La première va vous surprendre.",
    request_options=NO_RETRY,
)
pcm = base64.b64decode(timed.audio_base_64)
assert len(pcm) > 24000 and len(pcm) % 2 == 0, len(pcm)
alignment = timed.alignment
assert "".join(alignment.characters) == text, alignment.characters
assert len(alignment.character_start_times_seconds) == len(text)
starts = alignment.character_start_times_seconds
assert all(a <= b for a, b in zip(starts, starts[1:])), starts


def refused(call, status, code):
    try:
        call()
    except ApiError as e:
        assert e.status_code == status, (e.status_code, e.body)
        assert e.body["detail"]["status"] == code, e.body
        return
    sys.exit(f"expected HTTP {status} {code}")


wrong = ElevenLabs(api_key="wrong-key-0123456789", base_url=base)
refused(
    lambda: wrong.text_to_speech.convert_with_timestamps(GEORGE, text="Hi.", request_options=NO_RETRY),
    401,
    "invalid_api_key",
)
refused(
    lambda: client.text_to_speech.convert_with_timestamps(
        GEORGE, text="Hi.", output_format="pcm_44100", request_options=NO_RETRY
    ),
    403,
    "subscription_required",
)
refused(
    lambda: client.text_to_speech.convert_with_timestamps(
        GEORGE, text="x" * 600, request_options=NO_RETRY
    ),
    401,
    "quota_exceeded",
)

# One 429 with Retry-After: 0, which the SDK's own retry rides over.
arm = urllib.request.Request(
    f"{base}/__fake/faults",
    data=json.dumps(
        {"route": "create", "fault": {"kind": "rate_limited", "retry_after_s": 0}, "times": 1}
    ).encode(),
    headers={"Content-Type": "application/json"},
    method="POST",
)
urllib.request.urlopen(arm).read()
again = client.text_to_speech.convert_with_timestamps(GEORGE, text="Encore.", output_format="pcm_24000")
assert again.alignment is not None
print("ok")
