"""Photo uploads: what is refused and why, what is cleaned away, what metadata is read,
and the photo library in the admin."""

import io
import struct
import unicodedata
import zlib
from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image, PngImagePlugin

from articles.images import (
    ImageRejected,
    PhotoImageField,
    blank_exif_gps,
    inspect_upload,
    read_metadata,
)
from articles.models import Photo, Rendition
from articles.photos import photo_create_from_upload, photo_fill_from_metadata
from tests.factories import (
    image_bytes,
    make_article,
    make_article_photo,
    make_person,
    make_photo,
    make_photo_with_renditions,
)

CAPTION = "Đồng chí Lộc Văn Thắng, Chủ tịch UBND xã Tân Hòa, tặng quà các hộ khó khăn"
CAPTION_XMP = "Bà con thôn Nà Pàn thu hoạch hồi vụ chính năm nay"
BYLINE = "Hứa Thị Ngân"
CREATOR = "Vi Đức Mạnh"


# ------------------------------------------------------------------ byte builders


def photo_jpeg(size=(160, 120), exif=None, color=(40, 120, 200)) -> bytes:
    """A JPEG with some detail (a gradient), so that decoding it checks real scan data."""
    image = Image.new("RGB", size, color)
    for x in range(size[0]):
        image.putpixel((x, x * size[1] // size[0]), (255, x % 256, 0))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, **({"exif": exif} if exif is not None else {}))
    return buffer.getvalue()


def segment(marker: int, payload: bytes) -> bytes:
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def iptc(record: int, number: int, value: bytes) -> bytes:
    """One IPTC-IIM dataset: tag marker 0x1C, record, dataset, 2-byte length, data."""
    return bytes([0x1C, record, number]) + struct.pack(">H", len(value)) + value


def photoshop_app13(datasets: bytes) -> bytes:
    """APP13 'Photoshop 3.0' with one 8BIM resource 0x0404 (IPTC-NAA) holding the datasets."""
    padding = b"\x00" if len(datasets) % 2 else b""
    resource = (
        b"8BIM"
        + struct.pack(">H", 0x0404)
        + b"\x00\x00"  # empty Pascal name, padded to even length
        + struct.pack(">I", len(datasets))
        + datasets
        + padding
    )
    return segment(0xED, b"Photoshop 3.0\x00" + resource)


def xmp_packet(description=CAPTION_XMP, creator=CREATOR, extra_attributes="") -> bytes:
    return f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about=""
    xmlns:dc="http://purl.org/dc/elements/1.1/"
    xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"
    xmlns:xmp="http://ns.adobe.com/xap/1.0/"
    xmlns:exif="http://ns.adobe.com/exif/1.0/"
    photoshop:Credit="Báo Biên Cương"
    photoshop:DateCreated="2024-03-08T09:30:00+07:00"
    xmp:CreateDate="2024-03-09T10:00:00" {extra_attributes}>
   <dc:description><rdf:Alt>
     <rdf:li xml:lang="en">Villagers harvest rice</rdf:li>
     <rdf:li xml:lang="x-default">{description}</rdf:li>
   </rdf:Alt></dc:description>
   <dc:creator><rdf:Seq><rdf:li>{creator}</rdf:li></rdf:Seq></dc:creator>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>""".encode()


def xmp_app1(packet: bytes) -> bytes:
    return segment(0xE1, b"http://ns.adobe.com/xap/1.0/\x00" + packet)


def with_segments(jpeg: bytes, *segments: bytes) -> bytes:
    """Insert APP segments right after the JPEG's JFIF header."""
    app0_end = 2 + 2 + struct.unpack(">H", jpeg[4:6])[0]
    assert jpeg[2:4] == b"\xff\xe0"
    return jpeg[:app0_end] + b"".join(segments) + jpeg[app0_end:]


def iptc_block(caption=CAPTION, byline=BYLINE, day=b"20240307", utf8_declared=True) -> bytes:
    datasets = b""
    if utf8_declared:
        datasets += iptc(1, 90, b"\x1b%G")
    datasets += iptc(2, 0, b"\x00\x04")
    datasets += iptc(2, 120, caption.encode() if isinstance(caption, str) else caption)
    datasets += iptc(2, 80, byline.encode() if isinstance(byline, str) else byline)
    datasets += iptc(2, 116, "© Báo Biên Cương".encode())
    datasets += iptc(2, 55, day)
    return photoshop_app13(datasets)


def vietnamese_exif() -> Image.Exif:
    exif = Image.Exif()
    # EXIF "ASCII" tags carry UTF-8 in practice; Pillow writes bytes as they are.
    exif[0x010E] = "Lễ ra quân tuổi trẻ tình nguyện tại huyện Bắc Sơn".encode()
    exif[0x013B] = "Nông Thị Huệ".encode()
    exif[0x8298] = "Báo Biên Cương".encode()
    exif.get_ifd(0x8769)[0x9003] = "2023:07:15 08:45:10"
    return exif


def cp1258(text: str) -> bytes:
    """Encode as Windows-1258 the way old Vietnamese software did: letter, then tone mark."""
    tones = "\u0300\u0301\u0303\u0309\u0323"
    out = b""
    for char in unicodedata.normalize("NFC", text):
        decomposed = unicodedata.normalize("NFD", char)
        tone = "".join(mark for mark in decomposed if mark in tones)
        letter = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in tones))
        out += (letter + tone).encode("cp1258")
    return out


def png_bytes(width, height, bit_depth=1, text=None) -> bytes:
    """A real grayscale PNG, built chunk by chunk (rows of zeros compress to almost nothing)."""

    def chunk(kind, payload):
        crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
        return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)

    row = b"\x00" + bytes((width * bit_depth + 7) // 8)
    compressor = zlib.compressobj(9)
    idat = b"".join(compressor.compress(row) for _ in range(height)) + compressor.flush()
    ihdr = struct.pack(">IIBBBBB", width, height, bit_depth, 0, 0, 0, 0)
    extra = chunk(b"tEXt", text) if text else b""
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + extra
        + chunk(b"IDAT", idat)
        + chunk(b"IEND", b"")
    )


def pixels(data: bytes) -> bytes:
    return Image.open(io.BytesIO(data)).convert("RGB").tobytes()


def refused(data: bytes) -> ImageRejected:
    with pytest.raises(ImageRejected) as caught:
        inspect_upload(data)
    return caught.value


# -------------------------------------------------------------------- refusals


def test_non_image_is_refused_in_vietnamese():
    error = refused("Biên bản cuộc họp chi bộ tháng 5".encode())
    assert error.code == "not_image"
    assert "không phải là ảnh" in error.messages[0]


def test_empty_file_is_refused():
    assert refused(b"").code == "empty"


def test_file_over_the_byte_limit_is_refused_before_decoding():
    data = photo_jpeg() + bytes(21 * 1024 * 1024)
    error = refused(data)
    assert error.code == "too_large"
    assert "vượt giới hạn 20 MB" in error.messages[0]


def test_byte_limit_comes_from_settings(settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = 1000
    assert refused(photo_jpeg((400, 300))).code == "too_large"


def test_image_over_the_pixel_limit_is_refused_with_its_size():
    error = refused(png_bytes(8000, 6000))  # 48 megapixels, file of a few kilobytes
    assert error.code == "too_many_pixels"
    assert "8000×6000" in error.messages[0]
    assert "48 megapixel" in error.messages[0]


def test_decompression_bomb_is_refused_without_decoding():
    bomb = png_bytes(20000, 20000)  # 400 megapixels of zeros
    assert len(bomb) < 200_000
    error = refused(bomb)
    assert error.code == "decompression_bomb"
    assert "bom giải nén" in error.messages[0]


def test_pillow_bomb_warning_is_an_error():
    # 90 megapixels: above Pillow's warning threshold (2 × our limit), below its hard error.
    assert refused(png_bytes(10000, 9000)).code == "decompression_bomb"


@pytest.mark.parametrize("fraction", [0.5, 0.9])
def test_truncated_jpeg_is_refused(fraction):
    data = photo_jpeg((400, 300))
    error = refused(data[: int(len(data) * fraction)])
    assert error.code == "truncated"
    assert "không trọn vẹn" in error.messages[0]


def test_truncated_png_is_refused():
    buffer = io.BytesIO()
    Image.effect_noise((200, 200), 60).save(buffer, "PNG")
    data = buffer.getvalue()
    assert refused(data[: len(data) // 2]).code == "truncated"


def test_png_with_a_corrupt_checksum_is_refused():
    data = bytearray(png_bytes(50, 40))
    idat = data.index(b"IDAT")
    data[idat + 6] ^= 0xFF  # flips a byte of compressed data; the CRC no longer matches
    assert refused(bytes(data)).code == "truncated"


def test_svg_with_script_is_refused_as_svg():
    svg = (
        b'<?xml version="1.0" encoding="UTF-8"?>\n'
        b'<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
        b"<script>alert(document.cookie)</script><rect width='100' height='100'/></svg>"
    )
    error = refused(svg)
    assert error.code == "svg"
    assert "SVG" in error.messages[0]


@pytest.mark.parametrize("fmt", ["GIF", "BMP", "TIFF", "ICO"])
def test_other_formats_are_refused_by_their_decoded_format(fmt):
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), (200, 0, 0)).save(buffer, fmt)
    error = refused(buffer.getvalue())
    assert error.code == "format"
    assert fmt in error.messages[0]


def test_gif_javascript_polyglot_is_refused():
    # Width 0x2A2F makes the header read "GIF87a/*": the file is also a script.
    buffer = io.BytesIO()
    Image.new("L", (0x2A2F, 2)).save(buffer, "GIF")
    data = buffer.getvalue() + b"*/=alert(document.domain);"
    assert data[:4] == b"GIF8" and data[6:8] == b"/*"
    assert refused(data).code == "format"


def test_animated_png_is_refused():
    frames = [Image.new("RGB", (40, 30), color) for color in ("red", "blue")]
    buffer = io.BytesIO()
    frames[0].save(buffer, "PNG", save_all=True, append_images=frames[1:])
    assert refused(buffer.getvalue()).code == "animated"


def test_html_before_the_image_is_refused():
    assert refused(b"<html><body>" + photo_jpeg()).code == "not_image"


# --------------------------------------------------------- accepted and cleaned


def test_jpeg_is_accepted_with_its_size():
    clean = inspect_upload(photo_jpeg((320, 200)))
    assert (clean.format, clean.width, clean.height) == ("JPEG", 320, 200)
    assert (clean.extension, clean.content_type) == ("jpg", "image/jpeg")


@pytest.mark.parametrize(("fmt", "extension"), [("PNG", "png"), ("WEBP", "webp")])
def test_png_and_webp_are_accepted(fmt, extension):
    buffer = io.BytesIO()
    Image.new("RGBA", (90, 60), (0, 128, 0, 200)).save(buffer, fmt)
    clean = inspect_upload(buffer.getvalue())
    assert (clean.format, clean.extension) == (fmt, extension)
    assert pixels(clean.data) == pixels(buffer.getvalue())


def test_jpeg_with_html_appended_is_kept_without_the_html():
    original = photo_jpeg()
    clean = inspect_upload(original + b"<html><script>alert(1)</script></html>")
    assert b"script" not in clean.data
    assert clean.data.endswith(b"\xff\xd9")
    assert pixels(clean.data) == pixels(original)  # scans copied, not re-compressed


def test_jpeg_comment_and_unknown_segments_are_dropped():
    original = photo_jpeg()
    data = with_segments(
        original,
        segment(0xFE, b"<script>alert(1)</script>"),
        segment(0xE9, b"Vendor\x00<iframe src=//evil>"),
    )
    clean = inspect_upload(data)
    assert b"<script>" not in clean.data and b"iframe" not in clean.data
    assert pixels(clean.data) == pixels(original)


def test_jpeg_javascript_polyglot_loses_its_script():
    # The classic trick: an APP0 of length 0x2F2A ("/*") whose padding holds the script.
    original = photo_jpeg()
    app0_end = 4 + struct.unpack(">H", original[4:6])[0]
    payload = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"*/=alert(1);/*"
    payload += bytes(0x2F2A - 2 - len(payload))
    data = b"\xff\xd8" + segment(0xE0, payload) + original[app0_end:] + b"*/"
    assert data[4:6] == b"/*"
    clean = inspect_upload(data)
    assert clean.data[2:6] == b"\xff\xe0\x00\x10"
    assert b"alert" not in clean.data
    assert pixels(clean.data) == pixels(original)


def test_png_text_chunks_and_trailing_data_are_dropped():
    info = PngImagePlugin.PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    buffer = io.BytesIO()
    Image.new("RGB", (50, 40), "navy").save(buffer, "PNG", pnginfo=info)
    clean = inspect_upload(buffer.getvalue() + b"PK\x03\x04 a zip archive follows")
    assert b"script" not in clean.data and b"PK\x03\x04" not in clean.data
    assert clean.data.endswith(b"IEND\xaeB`\x82")


def test_gps_position_is_blanked_and_caption_kept():
    exif = vietnamese_exif()
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2] = "N", (21.0, 50.0, 12.5)
    gps[3], gps[4] = "E", (106.0, 45.0, 30.25)
    original = photo_jpeg(exif=exif)
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)
    clean = inspect_upload(original)
    kept = Image.open(io.BytesIO(clean.data)).getexif()
    assert not kept.get_ifd(0x8825)
    assert kept[0x013B].encode("latin-1").decode() == "Nông Thị Huệ"
    assert clean.metadata.credit == "Nông Thị Huệ"


def test_gps_is_removed_from_xmp_too():
    packet = xmp_packet(extra_attributes='exif:GPSLatitude="21,50.2N"')
    clean = inspect_upload(with_segments(photo_jpeg(), xmp_app1(packet)))
    assert b"GPSLatitude" not in clean.data
    assert CAPTION_XMP.encode() in clean.data


def test_unreadable_exif_is_dropped_not_fatal():
    assert blank_exif_gps(b"garbage") != b"garbage"
    data = with_segments(photo_jpeg(), segment(0xE1, b"Exif\x00\x00II*\x00\xff\xff\xff\x7f"))
    assert inspect_upload(data).width == 160


def test_iptc_xmp_and_exif_survive_cleaning():
    data = with_segments(photo_jpeg(exif=vietnamese_exif()), iptc_block(), xmp_app1(xmp_packet()))
    clean = inspect_upload(data)
    reopened = Image.open(io.BytesIO(clean.data))
    assert reopened.info["photoshop"][0x0404]
    assert reopened.info["xmp"]
    assert reopened.getexif()[0x010E]


# -------------------------------------------------------------------- metadata


def metadata_of(data: bytes):
    return read_metadata(Image.open(io.BytesIO(data)))


def test_iptc_caption_byline_and_date_in_utf8():
    metadata = metadata_of(with_segments(photo_jpeg(), iptc_block()))
    assert metadata.caption == CAPTION
    assert metadata.credit == BYLINE
    assert metadata.taken_on == date(2024, 3, 7)
    assert metadata.sources == {"caption": "IPTC", "credit": "IPTC", "taken_on": "IPTC"}


def test_iptc_utf8_without_charset_declaration():
    metadata = metadata_of(with_segments(photo_jpeg(), iptc_block(utf8_declared=False)))
    assert metadata.caption == CAPTION


def test_iptc_in_windows_1258_from_old_software():
    block = iptc_block(caption=cp1258(CAPTION), byline=cp1258(BYLINE), utf8_declared=False)
    metadata = metadata_of(with_segments(photo_jpeg(), block))
    assert metadata.caption == CAPTION
    assert metadata.credit == BYLINE


def test_iptc_several_bylines_are_joined():
    datasets = iptc(1, 90, b"\x1b%G") + iptc(2, 80, "Lăng Văn Hùng".encode())
    datasets += iptc(2, 80, "Triệu Thị Lan".encode())
    metadata = metadata_of(with_segments(photo_jpeg(), photoshop_app13(datasets)))
    assert metadata.credit == "Lăng Văn Hùng, Triệu Thị Lan"


def test_xmp_description_creator_and_date():
    metadata = metadata_of(with_segments(photo_jpeg(), xmp_app1(xmp_packet())))
    assert metadata.caption == CAPTION_XMP  # x-default chosen over the English one
    assert metadata.credit == CREATOR
    assert metadata.taken_on == date(2024, 3, 8)  # photoshop:DateCreated before xmp:CreateDate
    assert set(metadata.sources.values()) == {"XMP"}


def test_xmp_credit_and_dates_as_elements():
    packet = b"""<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF
      xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description
      xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
      <photoshop:Credit>TTXVN</photoshop:Credit><xmp:CreateDate>2022-11-20T07:00:00</xmp:CreateDate>
      </rdf:Description></rdf:RDF></x:xmpmeta>"""
    metadata = metadata_of(with_segments(photo_jpeg(), xmp_app1(packet)))
    assert (metadata.credit, metadata.taken_on) == ("TTXVN", date(2022, 11, 20))


def test_xmp_wins_over_iptc_when_they_disagree():
    data = with_segments(photo_jpeg(), iptc_block(), xmp_app1(xmp_packet()))
    metadata = metadata_of(data)
    assert metadata.caption == CAPTION_XMP
    assert metadata.sources["caption"] == "XMP"


def test_exif_description_artist_and_date_original():
    metadata = metadata_of(photo_jpeg(exif=vietnamese_exif()))
    assert metadata.caption == "Lễ ra quân tuổi trẻ tình nguyện tại huyện Bắc Sơn"
    assert metadata.credit == "Nông Thị Huệ"
    assert metadata.taken_on == date(2023, 7, 15)
    assert set(metadata.sources.values()) == {"EXIF"}


def test_exif_windows_xp_tags_in_utf16():
    exif = Image.Exif()
    exif[0x9C9C] = "Hội nghị Ban Chấp hành Đảng bộ xã".encode("utf-16-le") + b"\x00\x00"
    exif[0x9C9D] = "Mông Văn Tài".encode("utf-16-le") + b"\x00\x00"
    metadata = metadata_of(photo_jpeg(exif=exif))
    assert metadata.caption == "Hội nghị Ban Chấp hành Đảng bộ xã"
    assert metadata.credit == "Mông Văn Tài"


def test_camera_boilerplate_is_no_caption():
    exif = Image.Exif()
    exif[0x010E] = "OLYMPUS DIGITAL CAMERA         "
    exif.get_ifd(0x8769)[0x9003] = "0000:00:00 00:00:00"
    metadata = metadata_of(photo_jpeg(exif=exif))
    assert (metadata.caption, metadata.taken_on) == ("", None)


def test_old_style_tone_marks_are_normalized():
    datasets = iptc(1, 90, b"\x1b%G") + iptc(2, 120, "Hội nghị Tỉnh uỷ  mở rộng".encode())
    metadata = metadata_of(with_segments(photo_jpeg(), photoshop_app13(datasets)))
    assert metadata.caption == "Hội nghị Tỉnh ủy mở rộng"


def test_broken_metadata_is_ignored_and_upload_accepted():
    evil_xmp = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa">
      <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>
      <x:xmpmeta xmlns:x="adobe:ns:meta/">&b;</x:xmpmeta>"""
    broken_iptc = photoshop_app13(b"\x1c\x02\x78\xff\xff" + b"short")
    data = with_segments(photo_jpeg(), broken_iptc, xmp_app1(evil_xmp))
    clean = inspect_upload(data)
    assert clean.metadata.caption == ""
    assert b"ENTITY" not in clean.data  # the packet could not be parsed, so it was dropped


def test_png_and_webp_xmp_are_read():
    png_info = PngImagePlugin.PngInfo()
    png_info.add_itxt("XML:com.adobe.xmp", xmp_packet().decode())
    for fmt, options in (("PNG", {"pnginfo": png_info}), ("WEBP", {"xmp": xmp_packet()})):
        buffer = io.BytesIO()
        Image.new("RGB", (60, 40), "green").save(buffer, fmt, **options)
        clean = inspect_upload(buffer.getvalue())
        assert clean.metadata.caption == CAPTION_XMP, fmt
        assert CAPTION_XMP.encode() in clean.data, fmt


def test_prefill_only_fills_empty_fields():
    metadata = metadata_of(with_segments(photo_jpeg(), iptc_block()))
    photo = Photo(caption="Chú thích do biên tập viên viết")
    filled = photo_fill_from_metadata(photo=photo, metadata=metadata)
    assert filled == ["credit", "taken_on"]
    assert photo.caption == "Chú thích do biên tập viên viết"
    assert (photo.credit, photo.taken_on) == (BYLINE, date(2024, 3, 7))


# ------------------------------------------------------------------ form field


def test_form_field_names_the_file_by_its_real_format():
    field = PhotoImageField()
    upload = SimpleUploadedFile("Ảnh Hội nghị.png", photo_jpeg() + b"<html>", "image/png")
    cleaned = field.clean(upload)
    assert cleaned.name == "anh-hoi-nghi.jpg"
    assert cleaned.content_type == "image/jpeg"
    assert cleaned.read().endswith(b"\xff\xd9")
    assert cleaned.clean_image.width == 160


def test_form_field_reports_refusals_as_validation_errors():
    field = PhotoImageField()
    with pytest.raises(ImageRejected) as caught:
        field.clean(SimpleUploadedFile("anh.jpg", b"GIF89a not really", "image/jpeg"))
    assert caught.value.messages[0].startswith("Tệp này không phải là ảnh")


@pytest.mark.django_db
def test_create_from_upload_prefills_and_makes_renditions():
    data = with_segments(photo_jpeg((800, 600), exif=vietnamese_exif()), iptc_block())
    photo = photo_create_from_upload(upload=SimpleUploadedFile("a.jpg", data), alt_text="Cảnh")
    assert (photo.caption, photo.credit, photo.taken_on) == (CAPTION, BYLINE, date(2024, 3, 7))
    assert (photo.width, photo.height) == (800, 600)
    assert photo.renditions.count() == 6  # 360, 720 and 800 wide, JPEG and WebP


@pytest.mark.django_db
def test_create_from_upload_refuses_bad_files():
    with pytest.raises(ImageRejected):
        photo_create_from_upload(upload=SimpleUploadedFile("a.jpg", b"<svg><script/></svg>"))
    assert not Photo.objects.exists()


# ----------------------------------------------------------------------- admin


@pytest.mark.django_db
def test_admin_upload_prefills_from_iptc_and_xmp_and_shows_it(admin_client):
    data = with_segments(
        photo_jpeg((900, 600), exif=vietnamese_exif()), iptc_block(), xmp_app1(xmp_packet())
    )
    response = admin_client.post(
        reverse("admin:articles_photo_add"),
        {"image": SimpleUploadedFile("hoi-nghi.jpg", data, "image/jpeg"), "alt_text": "Cảnh"},
    )
    photo = Photo.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("admin:articles_photo_change", args=[photo.pk])
    assert photo.caption == CAPTION_XMP
    assert photo.credit == CREATOR
    assert photo.taken_on == date(2024, 3, 8)
    assert (photo.width, photo.height) == (900, 600)
    assert photo.uploaded_by.username == "admin"
    assert "ba con thon na pan" in photo.search_text
    assert photo.renditions.count() == 6
    page = admin_client.get(response.url)
    content = page.content.decode()
    assert "Đã điền sẵn từ siêu dữ liệu của ảnh" in content
    assert "chú thích (từ XMP)" in content
    assert CAPTION_XMP in content  # in the caption box of the form


@pytest.mark.django_db
def test_admin_upload_keeps_what_the_editor_typed(admin_client):
    data = with_segments(photo_jpeg(), iptc_block())
    response = admin_client.post(
        reverse("admin:articles_photo_add"),
        {
            "image": SimpleUploadedFile("a.jpg", data, "image/jpeg"),
            "caption": "Chú thích của tòa soạn",
            "credit": "Ảnh tư liệu",
            "taken_on": "2020-02-01",
        },
    )
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert (photo.caption, photo.credit) == ("Chú thích của tòa soạn", "Ảnh tư liệu")
    assert photo.taken_on == date(2020, 2, 1)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.7 not an image", "không phải là ảnh"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "SVG"),
        (image_bytes(fmt="GIF"), "định dạng GIF"),
        (png_bytes(20000, 20000), "bom giải nén"),
        (png_bytes(8000, 6000), "vượt giới hạn 40 megapixel"),
        (photo_jpeg() + bytes(21 * 1024 * 1024), "vượt giới hạn 20 MB"),
        (photo_jpeg((400, 300))[:3000], "không trọn vẹn"),
    ],
)
def test_admin_refuses_bad_uploads_with_a_message(admin_client, content, message):
    response = admin_client.post(
        reverse("admin:articles_photo_add"),
        {"image": SimpleUploadedFile("anh.jpg", content, "image/jpeg"), "alt_text": "x"},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Photo.objects.exists()


@pytest.mark.django_db
def test_admin_replacing_the_image_remakes_renditions(admin_client):
    photo = make_photo_with_renditions(800, 600)
    old_files = set(photo.renditions.values_list("file", flat=True))
    response = admin_client.post(
        reverse("admin:articles_photo_change", args=[photo.pk]),
        {
            "image": SimpleUploadedFile("moi.jpg", photo_jpeg((500, 400)), "image/jpeg"),
            "alt_text": photo.alt_text,
        },
    )
    assert response.status_code == 302
    photo.refresh_from_db()
    assert (photo.width, photo.height) == (500, 400)
    assert sorted(photo.renditions.values_list("width", flat=True)) == [360, 360, 500, 500]
    assert not old_files & set(photo.renditions.values_list("file", flat=True))


def library_page(admin_client, **params):
    return admin_client.get(reverse("admin:articles_photo_changelist"), params)


def photo_in_article(person_name=None, **fields):
    photo = make_photo_with_renditions(400, 300, **fields)
    usage = make_article_photo(make_article(), photo=photo, caption="Chú thích trong bài")
    if person_name:
        usage.people.add(make_person(person_name))
    return photo


@pytest.mark.django_db
def test_library_shows_a_stored_thumbnail_not_the_original(admin_client):
    photo = photo_in_article("Hoàng Văn Nghĩa", caption="Trao giải hội thi")
    content = library_page(admin_client).content.decode()
    smallest = photo.renditions.get(format="jpeg", width=360)
    assert smallest.file.url in content
    assert photo.image.url not in content
    assert "Hoàng Văn Nghĩa" in content


@pytest.mark.django_db
def test_library_search_is_fold_insensitive_over_every_field(admin_client):
    by_person = photo_in_article("Hoàng Văn Nghĩa", caption="Ảnh một")
    by_caption = make_photo(caption="Lễ khánh thành cầu Bản Chắt", credit="Lý Thu")
    by_alt = make_photo(alt_text="Đoàn viên thanh niên dọn vệ sinh đường làng")
    make_photo(caption="Không liên quan")

    def found(term):
        page = library_page(admin_client, q=term)
        return set(page.context["cl"].result_list)

    assert found("hoang van nghia") == {by_person}
    assert found("NGHĨA") == {by_person}
    assert found("khanh thanh cau") == {by_caption}
    assert found("ly thu") == {by_caption}
    assert found('"don ve sinh"') == {by_alt}
    assert found("nghia khanh") == set()  # every word must match


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("params", "expected"),
    [({"dung": "co"}, "used"), ({"dung": "chua"}, "unused"), ({"mo_ta": "thieu"}, "no_alt")],
)
def test_library_filters(admin_client, params, expected):
    photos = {
        "used": photo_in_article(),
        "unused": make_photo(),
        "no_alt": make_photo(alt_text=""),
    }
    result = set(library_page(admin_client, **params).context["cl"].result_list)
    if expected == "unused":
        assert result == {photos["unused"], photos["no_alt"]}
    else:
        assert result == {photos[expected]}


@pytest.mark.django_db
def test_library_rendition_filter(admin_client):
    with_renditions = make_photo_with_renditions(400, 300)
    without = make_photo()
    assert set(library_page(admin_client, ban_nho="co").context["cl"].result_list) == {
        with_renditions
    }
    assert set(library_page(admin_client, ban_nho="chua").context["cl"].result_list) == {without}


@pytest.mark.django_db
def test_library_page_makes_a_fixed_number_of_queries(admin_client, django_assert_num_queries):
    photo_in_article("Chu Văn Bình")
    library_page(admin_client)  # warm the session
    with CaptureQueriesContext(connection) as one_row:
        assert library_page(admin_client).status_code == 200
    for index in range(12):
        photo_in_article(f"Lương Thị Hoa {index}")
    make_photo()
    # session, user, the uploader filter, two counts, the page, three prefetches (thumbnails,
    # usages, people shown) and two for the date hierarchy
    with django_assert_num_queries(len(one_row)):
        page = library_page(admin_client)
    assert len(page.context["cl"].result_list) == 14
    assert len(one_row) == 11, "\n".join(q["sql"][:120] for q in one_row.captured_queries)


@pytest.mark.django_db
def test_library_action_makes_missing_renditions(admin_client):
    photo = make_photo(800, 500)
    response = admin_client.post(
        reverse("admin:articles_photo_changelist"),
        {"action": "make_missing_renditions", "_selected_action": [photo.pk]},
        follow=True,
    )
    assert "Đã tạo 6 bản thu nhỏ" in response.content.decode()
    assert Rendition.objects.filter(photo=photo).count() == 6


@pytest.mark.django_db
def test_deleting_a_photo_deletes_its_files(admin_client, django_capture_on_commit_callbacks):
    photo = make_photo_with_renditions(400, 300)
    storage = photo.image.storage
    names = [photo.image.name, *photo.renditions.values_list("file", flat=True)]
    assert all(storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("admin:articles_photo_delete", args=[photo.pk]), {"post": "yes"}
        )
    assert response.status_code == 302
    assert not any(storage.exists(name) for name in names)
