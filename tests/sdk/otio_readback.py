"""Reads Reelforge's editor timelines back with OpenTimelineIO and its own adapters.

Usage: otio_readback.py FILE... ; prints one JSON object per file: its video clips (name,
duration in frames, media URL), its audio clips and its marker count, as OpenTimelineIO reads
them (`.otio` natively, `.fcpxml` through otio-fcpx-xml-adapter, `.edl` through
otio-cmx3600-adapter).
"""

import json
import sys

import opentimelineio as otio


def read(path):
    if path.endswith(".edl"):
        return otio.adapters.read_from_file(path, adapter_name="cmx_3600", rate=30)
    if path.endswith(".fcpxml"):
        return otio.adapters.read_from_file(path, adapter_name="fcpx_xml")
    return otio.adapters.read_from_file(path)


def clips(track):
    out = []
    for item in track:
        if isinstance(item, otio.schema.Clip):
            ref = item.media_reference
            url = getattr(ref, "target_url", None)
            out.append(
                {
                    "name": item.name,
                    "frames": round(item.duration().rescaled_to(30).value),
                    "url": url,
                }
            )
    return out


for path in sys.argv[1:]:
    timeline = read(path)
    if isinstance(timeline, otio.schema.SerializableCollection):
        timeline = next(iter(timeline.find_children(descended_from_type=otio.schema.Timeline)))
    video, audio, markers = [], [], 0
    for track in timeline.tracks:
        markers += len(track.markers)
        for item in track.find_clips():
            markers += len(item.markers)
        if track.kind == otio.schema.TrackKind.Video:
            video.extend(clips(track))
        else:
            audio.extend(clips(track))
    print(json.dumps({"file": path, "video": video, "audio": audio, "markers": markers}))
