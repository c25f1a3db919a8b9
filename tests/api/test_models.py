"""Typed models: lenient decoding (contract 1.9, 1.11) and payload encoding (UNSET vs null)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import msgspec
import pytest
from hypothesis import given
from hypothesis import strategies as st

from studio.api.models import (
    UNSET,
    AccessToken,
    Account,
    AggregatedMetrics,
    Caption,
    IngestStatus,
    LiveStream,
    LiveStreamUpdatePayload,
    Metadata,
    Page,
    PlayerSessionEvent,
    PlayerTheme,
    PlayerThemeUpdatePayload,
    RestreamPayload,
    Tag,
    UploadToken,
    Video,
    VideoCreationPayload,
    VideoSession,
    VideoStatus,
    VideoUpdatePayload,
    decode,
    encode_payload,
    metadata_list,
)

CONTRACT_VIDEO = {
    "videoId": "vi0000000000000000000001",
    "title": "clip.mp4",
    "description": "",
    "public": True,
    "panoramic": False,
    "mp4Support": True,
    "publishedAt": "2024-07-14T23:36:07+00:00",
    "createdAt": "2024-07-14T23:36:07+00:00",
    "updatedAt": "2024-07-14T23:36:07+00:00",
    "discarded": False,
    "discardedAt": None,
    "deletesAt": None,
    "tags": ["a", "b"],
    "metadata": [{"key": "k", "value": "v"}],
    "source": {"type": "upload", "uri": "/videos/vi0000000000000000000001/source"},
    "assets": {
        "player": "https://embed.example/vod/vi0000000000000000000001",
        "hls": "https://vod.example/vod/vi0000000000000000000001/hls/manifest.m3u8",
        "thumbnail": "https://vod.example/vod/vi0000000000000000000001/thumbnail.jpg",
        "mp4": "https://vod.example/vod/vi0000000000000000000001/mp4/source.mp4",
    },
}


def test_video_decodes_the_contract_example_from_bytes_and_from_builtins() -> None:
    from_bytes = decode(Video, json.dumps(CONTRACT_VIDEO).encode())
    from_dict = decode(Video, CONTRACT_VIDEO)
    assert from_bytes == from_dict
    video = from_dict
    assert video.video_id == CONTRACT_VIDEO["videoId"]
    assert video.mp4_support is True and video.public is True and video.panoramic is False
    assert video.created_at == datetime(2024, 7, 14, 23, 36, 7, tzinfo=UTC)
    assert video.discarded_at is None and video.deletes_at is None
    assert video.metadata_map == {"k": "v"}
    assert video.source is not None and video.source.type == "upload"
    assert video.assets is not None and video.assets.mp4 is not None
    assert video.assets.mp4.endswith("/mp4/source.mp4")
    assert video.player_id is None and video.live_stream_id is None


def test_unknown_fields_and_missing_optional_fields_are_tolerated() -> None:
    video = decode(Video, {"videoId": "vi1", "brandNewField": {"x": [1, 2]}, "title": "t"})
    assert video.title == "t"
    assert video.assets is None  # discarded videos come without assets
    assert video.tags == [] and video.metadata == []


def test_a_video_without_its_id_is_rejected() -> None:
    with pytest.raises(msgspec.ValidationError):
        decode(Video, {"title": "no id"})


def test_open_enums_keep_values_the_app_has_never_seen() -> None:
    status = decode(
        VideoStatus,
        {
            "ingest": {"status": "merging", "filesize": None, "receivedParts": {"parts": [2, 1]}},
            "encoding": {
                "playable": False,
                "qualities": [{"type": "dash", "quality": "4320p", "status": "queued"}],
                "metadata": {"width": None, "bitrate": None, "aspectRatio": None},
            },
        },
    )
    assert status.ingest is not None and status.ingest.status == "merging"
    assert status.ingest.status not in set(IngestStatus)
    assert status.encoding is not None
    assert status.encoding.qualities[0].quality == "4320p"
    assert status.ingest.received_parts is not None
    assert status.ingest.received_parts.total is None
    assert status.playable is False


def test_status_before_any_upload_has_no_ingest() -> None:
    status = decode(VideoStatus, {"encoding": {"playable": False, "qualities": []}})
    assert status.ingest is None and not status.playable


def test_received_bytes_map_the_python_keyword_from() -> None:
    status = decode(
        VideoStatus, {"ingest": {"receivedBytes": [{"from": 0, "to": 99, "total": 300}]}}
    )
    assert status.ingest is not None
    byte_range = status.ingest.received_bytes[0]
    assert (byte_range.from_, byte_range.to, byte_range.total) == (0, 99, 300)


def test_numbers_sent_as_strings_are_read_as_numbers() -> None:
    page = decode(Page[Tag], {"data": [{"value": "cats", "videoCount": "3"}]})
    assert page.data[0].video_count == 3


AWARE = st.datetimes(
    min_value=datetime(1971, 1, 1),
    max_value=datetime(2099, 12, 31),
    timezones=st.sampled_from([UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-5))]),
)


@given(moment=AWARE)
def test_datetimes_decode_in_every_rfc3339_form_to_the_same_instant(moment: datetime) -> None:
    whole = moment.replace(microsecond=0)
    millis = moment.replace(microsecond=moment.microsecond // 1000 * 1000)
    forms = {
        whole.isoformat(): whole,  # ATOM with a numeric offset
        whole.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ"): whole,  # Z
        millis.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"): millis,
        moment.isoformat(timespec="microseconds"): moment,  # fraction plus offset
    }
    for text, expected in forms.items():
        token = decode(UploadToken, {"token": "to1", "createdAt": text})
        assert token.created_at == expected, text


def test_nullable_expiry_of_a_never_expiring_token() -> None:
    token = decode(UploadToken, {"token": "to1", "ttl": 0, "expiresAt": None})
    assert token.expires_at is None and token.ttl == 0


def test_update_payload_tells_unset_from_null() -> None:
    assert encode_payload(VideoUpdatePayload()) == {}
    assert encode_payload(VideoUpdatePayload(player_id=None)) == {"playerId": None}
    assert encode_payload(VideoUpdatePayload(player_id="pl1", mp4_support=False)) == {
        "playerId": "pl1",
        "mp4Support": False,
    }
    assert encode_payload(LiveStreamUpdatePayload(player_id=None, restreams=[])) == {
        "playerId": None,
        "restreams": [],
    }


@given(
    title=st.text(),
    tags=st.lists(st.text()) | st.just(UNSET),
    public=st.booleans() | st.just(UNSET),
)
def test_creation_payload_sends_exactly_what_was_set(
    title: str, tags: object, public: object
) -> None:
    payload = VideoCreationPayload(title=title, tags=tags, public=public)  # type: ignore[arg-type]
    body = encode_payload(payload)
    expected: dict[str, object] = {"title": title}
    if tags is not UNSET:
        expected["tags"] = tags
    if public is not UNSET:
        expected["public"] = public
    assert body == expected
    json.dumps(body)  # JSON-ready


def test_nested_payload_objects_are_camel_cased() -> None:
    payload = VideoUpdatePayload(metadata=metadata_list({"a": "1"}), transcript_summary=True)
    assert encode_payload(payload) == {
        "metadata": [{"key": "a", "value": "1"}],
        "transcriptSummary": True,
    }
    restream = RestreamPayload(name="yt", server_url="rtmp://x/app", stream_key="k")
    body = encode_payload(LiveStreamUpdatePayload(restreams=[restream]))
    assert body == {"restreams": [{"name": "yt", "serverUrl": "rtmp://x/app", "streamKey": "k"}]}
    theme = encode_payload(PlayerThemeUpdatePayload(link_hover="red", enable_api=False))
    assert theme == {"linkHover": "red", "enableApi": False}


def test_metadata_pairs_round_trip() -> None:
    pairs = [Metadata(key="k", value="v")]
    assert decode(list[Metadata], msgspec.to_builtins(pairs)) == pairs


def test_live_stream_player_caption_and_session_objects() -> None:
    live = decode(
        LiveStream,
        {
            "liveStreamId": "li1",
            "name": "n",
            "streamKey": "k",
            "restreams": [{"name": "yt", "serverUrl": "rtmp://a/b", "streamKey": "s"}],
            "record": False,
        },
    )
    assert live.restreams[0].server_url == "rtmp://a/b" and live.broadcasting is False
    theme = decode(PlayerTheme, {"playerId": "pl1", "assets": {"logo": "l", "link": "u"}})
    assert theme.assets is not None and theme.assets.link == "u" and theme.enable_api is True
    caption = decode(Caption, {"srclang": "fr-CA", "languageName": "Français", "default": True})
    assert caption.language_name == "Français" and caption.default is True
    session = decode(
        VideoSession,
        {
            "session": {"sessionId": "ps1", "loadedAt": "2019-06-24T11:45:01.109Z"},
            "referrer": {"url": None, "searchTerm": "x"},
        },
    )
    assert session.session_id == "ps1" and session.referrer is not None
    assert session.referrer.search_term == "x"
    event = decode(PlayerSessionEvent, {"type": "seek.forward", "from": 3, "to": 9})
    assert (event.from_, event.to, event.at) == (3, 9, None)


def test_analytics_account_and_access_token() -> None:
    metric = decode(
        AggregatedMetrics,
        {
            "context": {
                "metric": "play",
                "aggregation": "count",
                "timeframe": {"from": "2024-05-28T11:15:07+00:00", "to": "2024-05-29T11:15:07Z"},
            },
            "data": 356,
        },
    )
    assert metric.data == 356.0 and metric.context.timeframe is not None
    assert metric.context.timeframe.from_ == datetime(2024, 5, 28, 11, 15, 7, tzinfo=UTC)
    account = decode(Account, {"quota": {"quotaUsed": 1.5}, "environment": "sandbox"})
    assert account.quota is not None and account.quota.quota_used == 1.5
    token = decode(
        AccessToken,
        {"access_token": "a", "token_type": "Bearer", "refresh_token": "r", "expires_in": 3600},
    )
    assert token.access_token == "a" and token.expires_in == 3600
