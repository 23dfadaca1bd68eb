"""A network camera for tests: an RTSP server (GStreamer's gst-rtsp-server) on 127.0.0.1.

Serves a live test picture (a moving ball), H.264, at rtsp://127.0.0.1:PORT/camera to any number of
clients at once over RTP/TCP (interleaved) or RTP/UDP. The media is shared: every client sees the
same encoder's stream, as with a real camera, instead of each starting its own pipeline.

Started by io.streamfleet.testing.RtspTestCamera; prints "ready URL" once it listens, exits with 0 on
SIGTERM or SIGINT, and with 2 when it cannot listen (the reason on stderr, such as "Address
already in use").
"""
import argparse
import signal
import sys

import gi

gi.require_version("Gst", "1.0")
gi.require_version("GstRtspServer", "1.0")
from gi.repository import GLib, Gst, GstRtspServer  # noqa: E402 (after require_version)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--width", type=int, default=640)
    parser.add_argument("--height", type=int, default=360)
    parser.add_argument("--fps", type=int, default=25)
    args = parser.parse_args()

    Gst.init(None)
    factory = GstRtspServer.RTSPMediaFactory()
    # key-int-max: a key frame every second, so a client joining the shared stream can decode
    # within a second; config-interval=-1 repeats SPS/PPS before every key frame for such clients.
    factory.set_launch(
        "( videotestsrc is-live=true pattern=ball"
        f" ! video/x-raw,width={args.width},height={args.height},framerate={args.fps}/1"
        f" ! x264enc tune=zerolatency speed-preset=ultrafast key-int-max={args.fps}"
        " ! rtph264pay name=pay0 pt=96 config-interval=-1 )")
    factory.set_shared(True)
    # A live camera ignores the Range of a PLAY (ffmpeg always asks for npt=0.000-), but the
    # server seeks the pipeline there, as videotestsrc can seek: each new client would restart
    # the shared stream for all (their timestamps jump back), and a PLAY during another client's
    # seek can abort the server (GStreamer 1.22: "gst_rtsp_media_get_rates: assertion failed").
    # Publishing the clock (RFC 7273) makes the server treat the media as unseekable; the SDP
    # gains a=ts-refclk and a=mediaclk lines, which clients that do not know them ignore.
    factory.set_publish_clock_mode(GstRtspServer.RTSPPublishClockMode.CLOCK_AND_OFFSET)
    # The factory's default protocols (UDP, UDP multicast, TCP) already let the client choose.

    server = GstRtspServer.RTSPServer()
    server.set_address("127.0.0.1")
    server.set_service(str(args.port))
    server.get_mount_points().add_factory("/camera", factory)
    try:
        # create_source binds now and says why it cannot; attach() would only return 0.
        source = server.create_source(None)
    except GLib.Error as e:
        print(f"cannot listen on 127.0.0.1:{args.port}: {e.message}", file=sys.stderr, flush=True)
        return 2
    source.attach(None)

    loop = GLib.MainLoop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        GLib.unix_signal_add(GLib.PRIORITY_DEFAULT, signum, loop.quit)
    print(f"ready rtsp://127.0.0.1:{args.port}/camera", flush=True)
    loop.run()
    return 0


if __name__ == "__main__":
    sys.exit(main())
