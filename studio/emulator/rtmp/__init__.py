"""The emulator's RTMP ingest: encoders publish to ``rtmp://<host>:<port>/s/<streamKey>``.

Modules, one idea each: :mod:`.handshake`, :mod:`.chunks` (chunk stream), :mod:`.amf0`,
:mod:`.control` (messages the server sends), :mod:`.flv` (re-muxing for ffmpeg),
:mod:`.hls_bridge` (the ffmpeg subprocess), :mod:`.broadcast` (what one publish does to a live
stream), :mod:`.recording` (the video a finished broadcast leaves), :mod:`.session` (one
encoder connection), :mod:`.publishers` (which streams are live, for the routes) and
:mod:`.server` (the listening socket). Nothing is imported here, so the routes can import
:mod:`.publishers` without pulling in the rest.
"""
