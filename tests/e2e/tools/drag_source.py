"""A drag source for the end-to-end suite: a small GTK window at the top-left corner of the
screen that offers the files named on the command line as a `text/uri-list` drag, the way a
file manager does. The suite then drags from it onto the app window with xdotool (XTest), so
the drop reaches the app through the OS's drag-and-drop protocol (XDND), as a person's would.

Prints "ready" once the window is shown; exits after a drop completes (or after 60 s)."""

import sys

import gi

gi.require_version("Gtk", "3.0")
gi.require_version("Gdk", "3.0")
from gi.repository import Gdk, GLib, Gtk  # noqa: E402

uris = [GLib.filename_to_uri(path, None) for path in sys.argv[1:]]

window = Gtk.Window(title="reelforge-e2e-drag-source")
window.set_decorated(False)
window.move(0, 0)
window.set_default_size(160, 120)
source = Gtk.EventBox()
source.add(Gtk.Label(label="drag me"))
window.add(source)
source.drag_source_set(
    Gdk.ModifierType.BUTTON1_MASK,
    [Gtk.TargetEntry.new("text/uri-list", 0, 0)],
    Gdk.DragAction.COPY,
)
source.connect("drag-data-get", lambda _w, _c, data, _i, _t: data.set_uris(uris))
source.connect("drag-end", lambda *_: GLib.timeout_add(200, Gtk.main_quit))
window.connect("map-event", lambda *_: (print("ready", flush=True), False)[1])
window.connect("destroy", Gtk.main_quit)
GLib.timeout_add_seconds(60, Gtk.main_quit)
window.show_all()
Gtk.main()
