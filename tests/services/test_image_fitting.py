"""Any readable image becomes a JPEG within the thumbnail route's limits; the rest is refused."""

from __future__ import annotations

import asyncio
import io
from pathlib import Path

import pytest
from PIL import Image

from studio.services.image_fitting import (
    ImageFittingError,
    fit_thumbnail,
    fit_thumbnail_off_loop,
)


def encoded(image: Image.Image, fmt: str, **options: object) -> bytes:
    out = io.BytesIO()
    image.save(out, fmt, **options)
    return out.getvalue()


def as_jpeg(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    assert image.format == "JPEG"
    image.load()
    return image


@pytest.mark.parametrize("fmt", ["PNG", "WEBP", "BMP", "TIFF", "GIF"])
def test_other_formats_are_converted_to_jpeg(fmt: str) -> None:
    source = Image.new("RGB", (320, 180), (20, 120, 220))
    fitted = fit_thumbnail(encoded(source, fmt))
    image = as_jpeg(fitted.data)
    assert image.size == (320, 180) == (fitted.width, fitted.height)
    assert fitted.source_format == fmt
    assert fitted.changes[0] == f"converted from {fmt} to JPEG"
    # The colour survives (JPEG is lossy, so roughly; GIF's palette may shift it a little).
    r, g, b = image.getpixel((160, 90))  # type: ignore[misc]
    assert abs(r - 20) < 16 and abs(g - 120) < 16 and abs(b - 220) < 16


def test_a_small_jpeg_is_recompressed_but_not_changed_otherwise(tmp_path: Path) -> None:
    path = tmp_path / "frame.jpg"
    Image.new("RGB", (640, 360), (200, 30, 30)).save(path, "JPEG")
    fitted = fit_thumbnail(path)
    assert fitted.changes == ()
    assert fitted.summary().startswith("Sent as is: 640×360 JPEG")  # noqa: RUF001


def test_large_images_are_scaled_to_fit_keeping_their_shape() -> None:
    wide = fit_thumbnail(encoded(Image.new("RGB", (4000, 1000), "white"), "PNG"))
    assert (wide.width, wide.height) == (1920, 480)
    assert "scaled down from 4000×1000" in wide.changes  # noqa: RUF001
    tall = fit_thumbnail(encoded(Image.new("RGB", (1500, 3000), "white"), "PNG"))
    # Upright images fit 1080x1920: the height is what limits this one.
    assert (tall.width, tall.height) == (960, 1920) == as_jpeg(tall.data).size


def test_transparency_is_flattened_onto_black() -> None:
    source = Image.new("RGBA", (100, 100), (255, 255, 255, 0))
    source.paste((255, 255, 255, 255), (0, 0, 50, 100))  # left half opaque white
    fitted = fit_thumbnail(encoded(source, "PNG"))
    image = as_jpeg(fitted.data)
    assert image.getpixel((25, 50))[0] > 240  # type: ignore[index]
    assert image.getpixel((75, 50))[0] < 16  # type: ignore[index]
    assert "transparency filled with black" in fitted.changes


def test_exif_orientation_is_applied() -> None:
    source = Image.new("RGB", (200, 100), "red")
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    fitted = fit_thumbnail(encoded(source, "JPEG", exif=exif))
    assert (fitted.width, fitted.height) == (100, 200)
    assert "turned upright (EXIF orientation)" in fitted.changes


def test_an_image_too_heavy_for_the_limit_is_compressed_until_it_fits() -> None:
    noise = Image.effect_noise((800, 800), 120).convert("RGB")
    data = encoded(noise, "PNG")
    fitted = fit_thumbnail(data, max_bytes=40_000)
    assert len(fitted.data) <= 40_000
    assert fitted.changes[-1].startswith("compressed to fit")
    as_jpeg(fitted.data)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "not an image"),
        (b"this is a text file, not a picture\n", "not an image"),
        (encoded(Image.new("RGB", (64, 64), "blue"), "PNG")[:60], "could not be read"),
    ],
)
def test_unreadable_files_are_refused_with_a_reason(content: bytes, words: str) -> None:
    with pytest.raises(ImageFittingError) as caught:
        fit_thumbnail(content)
    assert words in str(caught.value)


def test_missing_files_and_folders_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ImageFittingError, match="does not exist"):
        fit_thumbnail(tmp_path / "nope.png")
    with pytest.raises(ImageFittingError, match="folder"):
        fit_thumbnail(tmp_path)


def test_the_loop_keeps_running_while_a_big_image_is_fitted() -> None:
    big = Image.linear_gradient("L").resize((3000, 2000)).convert("RGB")
    source = encoded(big, "PNG", compress_level=1)

    async def fit_while_ticking() -> tuple[int, int]:
        ticks = 0

        async def tick() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.005)
                ticks += 1

        ticker = asyncio.create_task(tick())
        await asyncio.sleep(0.02)
        before = ticks
        fitted = await fit_thumbnail_off_loop(source)
        ticker.cancel()
        assert (fitted.width, fitted.height) == (1620, 1080)
        return before, ticks

    before, after = asyncio.run(fit_while_ticking())
    # Decoding and scaling 6 megapixels takes a while; the loop ticked all along.
    assert after - before >= 5
