"""Logo fitting: any image Pillow reads comes out within the API's limits, and says how."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from studio.emulator.images import image_format, image_size
from studio.emulator.logo import ALLOWED_FORMATS, MAX_BYTES, MAX_HEIGHT, MAX_WIDTH
from studio.services.logo_fitting import (
    API_LOGO_LIMITS,
    FittedLogo,
    LogoError,
    LogoLimits,
    fit_logo,
    fit_logo_async,
    human_size,
)


def within_api_limits(fitted: FittedLogo, folder: Path) -> Image.Image:
    """Check the result the way the emulator checks an upload; return the decoded image."""
    assert len(fitted.data) <= MAX_BYTES
    path = folder / fitted.filename
    path.write_bytes(fitted.data)
    assert image_format(path) in ALLOWED_FORMATS
    width, height = image_size(path)
    assert width <= MAX_WIDTH and height <= MAX_HEIGHT
    assert fitted.size == (width, height)
    # The API checks extensions: the name must say what the bytes are.
    assert fitted.filename.endswith({"PNG": ".png", "JPEG": ".jpg"}[fitted.image_format])
    image = Image.open(io.BytesIO(fitted.data))
    assert image.format == fitted.image_format
    return image


def alpha_at(image: Image.Image, point: tuple[int, int]) -> int:
    pixel = image.getpixel(point)
    assert isinstance(pixel, tuple)
    return int(pixel[3])


def noisy_photo(size: tuple[int, int]) -> Image.Image:
    """Noise over a gradient: compresses badly, like a detailed photograph."""
    noise = Image.effect_noise(size, 70).convert("L")
    gradient = Image.linear_gradient("L").resize(size)
    return Image.merge("RGB", (noise, gradient, noise.transpose(Image.Transpose.FLIP_LEFT_RIGHT)))


def test_big_jpeg_is_downscaled_keeping_its_aspect(tmp_path: Path) -> None:
    path = tmp_path / "team photo.jpg"
    noisy_photo((1200, 800)).save(path, quality=95)
    fitted = fit_logo(path)
    image = within_api_limits(fitted, tmp_path)
    assert image.size == (150, 100)  # 3:2 kept, limited by the height
    assert fitted.source_size == (1200, 800) and fitted.source_format == "JPEG"
    assert fitted.filename == "team photo.png"
    size_change = f"{human_size(path.stat().st_size)} → {human_size(len(fitted.data))}"
    assert fitted.summary == (
        f"Resized from 1200x800 to 150x100; converted JPEG → PNG; {size_change}"
    )


def test_huge_png_with_alpha_keeps_its_transparency(tmp_path: Path) -> None:
    image = Image.new("RGBA", (5000, 1250), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle((200, 200, 4800, 1050), radius=300, fill=(232, 84, 42, 230))
    draw.text((400, 400), "brand", fill=(255, 255, 255, 255))
    path = tmp_path / "wide.png"
    image.save(path)
    fitted = fit_logo(path)
    out = within_api_limits(fitted, tmp_path)
    assert out.size == (200, 50)  # limited by the width this time
    assert out.mode == "RGBA"
    assert alpha_at(out, (0, 0)) == 0  # the transparent corner stays transparent
    assert alpha_at(out, (100, 25)) > 200
    assert fitted.summary.startswith("Resized from 5000x1250 to 200x50; ")
    assert "converted" not in fitted.summary  # PNG stays PNG


def test_webp_is_converted_to_png(tmp_path: Path) -> None:
    path = tmp_path / "logo.webp"
    noisy_photo((640, 480)).save(path, "WEBP", quality=90)
    fitted = fit_logo(path)
    within_api_limits(fitted, tmp_path)
    assert fitted.image_format == "PNG" and fitted.filename == "logo.png"
    assert "Resized from 640x480 to 133x100; converted WEBP → PNG; " in fitted.summary


def test_small_webp_is_converted_even_without_resizing(tmp_path: Path) -> None:
    path = tmp_path / "small.webp"
    Image.new("RGB", (90, 40), (10, 120, 200)).save(path, "WEBP", lossless=True)
    fitted = fit_logo(path)
    within_api_limits(fitted, tmp_path)
    assert fitted.size == (90, 40)
    assert fitted.summary.startswith("Converted WEBP → PNG; ")


def test_animated_gif_uses_its_first_frame(tmp_path: Path) -> None:
    colours = [(200, 30, 30), (30, 200, 30), (30, 30, 200), (240, 240, 0)]
    frames = [Image.new("RGB", (400, 400), colour) for colour in colours]
    path = tmp_path / "spinner.gif"
    frames[0].save(path, save_all=True, append_images=frames[1:], duration=80, loop=0)
    fitted = fit_logo(path)
    out = within_api_limits(fitted, tmp_path).convert("RGB")
    assert out.size == (100, 100)
    red, green, blue = out.getpixel((50, 50))  # type: ignore[misc]
    assert red > 150 and green < 80 and blue < 80  # the first frame's red, not a later one
    assert "used the first of 4 frames" in fitted.summary
    assert "converted GIF → PNG" in fitted.summary


def test_tiny_compliant_image_is_uploaded_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "mark.png"
    Image.new("RGBA", (120, 60), (255, 255, 255, 180)).save(path)
    fitted = fit_logo(path)
    assert fitted.unchanged
    assert fitted.data == path.read_bytes()  # byte for byte
    assert fitted.filename == "mark.png"
    assert fitted.summary.startswith("Already within the limits (120x60 PNG, ")


def test_compliant_jpeg_without_extension_gets_one(tmp_path: Path) -> None:
    path = tmp_path / "logo"
    Image.new("RGB", (80, 80), (0, 90, 200)).save(path, "JPEG")
    fitted = fit_logo(path)
    assert fitted.unchanged and fitted.filename == "logo.jpg"


def test_within_the_box_but_too_heavy_is_recompressed(tmp_path: Path) -> None:
    # A 200x100 PNG carrying a big text chunk: the pixels fit, the bytes do not.
    from PIL import PngImagePlugin

    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "x" * (MAX_BYTES + 10_000), zip=False)
    path = tmp_path / "heavy.png"
    Image.new("RGB", (200, 100), (20, 20, 20)).save(path, pnginfo=info)
    assert path.stat().st_size > MAX_BYTES
    fitted = fit_logo(path)
    within_api_limits(fitted, tmp_path)
    assert fitted.size == (200, 100)
    assert "Resized" not in fitted.summary
    assert re.fullmatch(r"\d+ KB → [\d.]+ (KB|bytes)", fitted.summary)


def test_jpeg_when_png_cannot_get_under_a_tighter_limit(tmp_path: Path) -> None:
    path = tmp_path / "photo.jpg"
    noisy_photo((1200, 800)).save(path, quality=95)
    limits = LogoLimits(width=200, height=100, max_bytes=9 * 1024)
    fitted = fit_logo(path, limits)
    assert fitted.image_format == "JPEG" and fitted.filename == "photo.jpg"
    assert len(fitted.data) <= limits.max_bytes and fitted.size == (150, 100)
    assert "converted" not in fitted.summary  # a JPEG again: recompressed, not converted


def test_transparent_logo_tries_fewer_colours_before_jpeg(tmp_path: Path) -> None:
    image = Image.new("RGBA", (800, 400), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    for step in range(0, 800, 8):
        draw.ellipse(
            (step, step % 300, step + 120, step % 300 + 90), fill=(step % 256, 80, 200, 190)
        )
    path = tmp_path / "bubbles.png"
    image.save(path)
    whole = fit_logo(path)
    limits = LogoLimits(max_bytes=len(whole.data) // 2)
    fitted = fit_logo(path, limits)
    assert fitted.image_format == "PNG" and len(fitted.data) <= limits.max_bytes
    assert "reduced to" in fitted.summary and "colours" in fitted.summary
    assert alpha_at(Image.open(io.BytesIO(fitted.data)).convert("RGBA"), (0, 99)) == 0


def test_exif_rotated_photo_is_turned_upright(tmp_path: Path) -> None:
    image = Image.new("RGB", (160, 80), (255, 255, 255))
    ImageDraw.Draw(image).rectangle((0, 0, 40, 80), fill=(0, 0, 0))
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to display"
    path = tmp_path / "phone.jpg"
    image.save(path, exif=exif, quality=95)
    fitted = fit_logo(path)
    out = within_api_limits(fitted, tmp_path)
    assert out.size == (50, 100)  # 80x160 once upright, then into the box
    assert "turned upright" in fitted.summary


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"plain text, not pixels", "is not an image the studio can read"),
        (b"", "is not an image the studio can read"),
    ],
)
def test_unreadable_file_is_a_clear_error(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "logo.png"
    path.write_bytes(content)
    with pytest.raises(LogoError) as refused:
        fit_logo(path)
    assert f"“logo.png” {words}" in str(refused.value)


def test_truncated_image_is_a_clear_error(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    noisy_photo((300, 300)).save(buffer, "PNG")
    path = tmp_path / "cut.png"
    path.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    with pytest.raises(LogoError) as refused:
        fit_logo(path)
    assert "“cut.png” is damaged" in str(refused.value)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(LogoError) as refused:
        fit_logo(tmp_path / "gone.png")
    assert "“gone.png” cannot be read: No such file or directory." == str(refused.value)


async def test_async_fitting_gives_the_same_result(tmp_path: Path) -> None:
    path = tmp_path / "a.webp"
    noisy_photo((300, 200)).save(path, "WEBP")
    assert await fit_logo_async(path) == fit_logo(path)


def test_limits_match_the_contract() -> None:
    assert API_LOGO_LIMITS == LogoLimits(200, 100, 100 * 1024)
