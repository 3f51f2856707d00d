"""Everything Pillow does for photos: checking an upload, reading its embedded metadata,
rewriting it without foreign data, and resizing it into renditions.

Upload policy
-------------
* Refused: anything Pillow cannot decode (non-images, SVG, HTML), any decoded format
  other than JPEG, PNG or WebP (GIF, BMP, TIFF… — so GIF/JS polyglots too), truncated
  files, animations, files over the byte limit, images over the pixel limit or that trip
  Pillow's decompression-bomb guard.
* Cleaned, not refused: data after the image's end (phones append motion-photo videos,
  MPO cameras a second frame; an attacker appends HTML or a ZIP), comments, unknown JPEG
  APP segments, PNG text chunks, unknown WebP chunks. The stored file is rebuilt from the
  parts we recognise, byte for byte, so pixels are not re-compressed and EXIF, XMP, IPTC and
  the ICC profile survive. The GPS position is blanked (journalists' safety), and the first
  JPEG segment is always a short one of fixed length, which breaks the JPEG/JavaScript
  polyglot trick of hiding "/*" in the first segment's length.
"""

from __future__ import annotations

import io
import re
import struct
import unicodedata
import warnings
import xml.etree.ElementTree as ET
import zlib
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image, ImageCms, ImageFile, ImageOps, IptcImagePlugin, UnidentifiedImageError

from newsroom.text import normalize, slugify

DEFAULT_MAX_UPLOAD_BYTES = 20 * 1024 * 1024
DEFAULT_MAX_PIXELS = 40_000_000
ALLOWED_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}

# Pillow's own guard: warns above MAX_IMAGE_PIXELS and raises above twice that. We set it to
# twice our limit, turn its warning into an error (open_image), and check our limit ourselves:
# a 45-megapixel camera file gets "shrink it" while a 100-megapixel header is a bomb.
Image.MAX_IMAGE_PIXELS = 2 * DEFAULT_MAX_PIXELS
ImageFile.LOAD_TRUNCATED_IMAGES = False


def max_upload_bytes() -> int:
    return int(getattr(settings, "PHOTO_MAX_UPLOAD_BYTES", DEFAULT_MAX_UPLOAD_BYTES))


def max_pixels() -> int:
    return int(getattr(settings, "PHOTO_MAX_PIXELS", DEFAULT_MAX_PIXELS))


class ImageRejected(ValidationError):
    """An upload we refuse; the message is for the editor, in Vietnamese."""


MESSAGES = {
    "empty": "Tệp tải lên rỗng.",
    "too_large": "Tệp ảnh nặng {size} MB, vượt giới hạn {limit} MB. Hãy giảm dung lượng ảnh.",
    "svg": (
        "Không nhận ảnh SVG: ảnh vector có thể chứa mã chạy được. "
        "Hãy xuất ảnh ra JPEG, PNG hoặc WebP."
    ),
    "not_image": (
        "Tệp này không phải là ảnh, hoặc ảnh đã hỏng. Hãy chọn một tệp JPEG, PNG hoặc WebP."
    ),
    "format": "Không nhận ảnh định dạng {format}. Chỉ nhận JPEG, PNG hoặc WebP.",
    "too_many_pixels": (
        "Ảnh {width}×{height} điểm ảnh ({megapixels} megapixel) vượt giới hạn "
        "{limit} megapixel. Hãy thu nhỏ ảnh trước khi tải lên."
    ),
    "decompression_bomb": (
        "Ảnh khai báo kích thước bất thường (quá {limit} megapixel), có dấu hiệu "
        "của một “bom giải nén”. Không nhận tệp này."
    ),
    "animated": "Không nhận ảnh động. Hãy tải lên một ảnh tĩnh JPEG, PNG hoặc WebP.",
    "truncated": (
        "Tệp ảnh bị hỏng hoặc không trọn vẹn (có thể việc tải lên bị ngắt giữa chừng). "
        "Hãy tải lại tệp gốc."
    ),
}


def reject(code: str, **params) -> ImageRejected:
    return ImageRejected(MESSAGES[code].format(**params), code=code)


# --------------------------------------------------------------------------- opening


def open_image(data: bytes) -> Image.Image:
    """Open with Pillow's decompression-bomb guard on and its warning treated as an error."""
    limit = 2 * max_pixels()
    Image.MAX_IMAGE_PIXELS = limit  # settings may have changed since import
    try:
        # catch_warnings is process-wide and not thread-safe; if another thread resets the
        # filter meanwhile the warning is only printed, and the explicit pixel check in
        # inspect_upload() still refuses the image.
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            return Image.open(io.BytesIO(data))
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise reject("decompression_bomb", limit=limit // 1_000_000) from error


_TEXT_START = re.compile(rb"^(?:\xef\xbb\xbf)?\s*<")


def _looks_like_svg(data: bytes) -> bool:
    head = data[:4096]
    if data[:2] == b"\x1f\x8b":  # .svgz
        try:
            head = zlib.decompressobj(31).decompress(data[:4096], 4096)
        except zlib.error:
            return False
    return bool(_TEXT_START.match(head)) and b"<svg" in head.lower()


# ---------------------------------------------------------------------- the upload


@dataclass
class CleanImage:
    data: bytes
    format: str  # JPEG, PNG or WEBP
    width: int
    height: int
    metadata: PhotoMetadata

    @property
    def extension(self) -> str:
        return ALLOWED_FORMATS[self.format]

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]


def inspect_upload(data: bytes) -> CleanImage:
    """Check an uploaded file and return it rebuilt without foreign data, or raise ImageRejected."""
    if not data:
        raise reject("empty")
    limit = max_upload_bytes()
    if len(data) > limit:
        raise reject("too_large", size=_mb(len(data)), limit=_mb(limit))
    try:
        image = open_image(data)
    except ImageRejected:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, struct.error) as error:
        code = "svg" if _looks_like_svg(data) else "not_image"
        raise reject(code) from error

    fmt = "JPEG" if image.format == "MPO" else image.format
    if fmt not in ALLOWED_FORMATS:
        raise reject("format", format=image.format or "không rõ")
    width, height = image.size
    if width * height > max_pixels():
        raise reject(
            "too_many_pixels",
            width=width,
            height=height,
            megapixels=_one_decimal(width * height / 1_000_000),
            limit=max_pixels() // 1_000_000,
        )
    if fmt != "JPEG" and getattr(image, "n_frames", 1) > 1:
        raise reject("animated")
    metadata = read_metadata(image)

    try:
        cleaned = {"JPEG": clean_jpeg, "PNG": clean_png, "WEBP": clean_webp}[fmt](data)
        check = open_image(cleaned)
        check.verify()  # PNG: chunk checksums
        decoded = open_image(cleaned)
        decoded.load()  # decodes every pixel: truncated data fails here
    except ImageRejected:
        raise
    except (OSError, SyntaxError, ValueError, IndexError, struct.error, EOFError) as error:
        raise reject("truncated") from error
    if decoded.size != (width, height) or decoded.format != fmt:
        raise reject("truncated")
    return CleanImage(cleaned, fmt, width, height, metadata)


def _mb(size: int) -> str:
    return _one_decimal(size / (1024 * 1024))


def _one_decimal(value: float) -> str:
    return f"{value:.1f}".replace(".", ",").replace(",0", "")


class PhotoImageField(forms.ImageField):
    """The upload field of every photo form: inspect_upload() instead of Django's check.

    The cleaned value is a new file holding the rebuilt bytes, named after the upload with the
    extension of its real format, and carrying ``.clean_image`` (width, height, metadata).
    """

    default_error_messages = {"invalid_image": MESSAGES["not_image"]}

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "help_text",
            f"JPEG, PNG hoặc WebP; tối đa {_mb(max_upload_bytes())} MB và "
            f"{max_pixels() // 1_000_000} megapixel. Chú thích, tác giả và ngày chụp ghi sẵn "
            "trong ảnh (IPTC, XMP, EXIF) được điền vào các ô còn trống.",
        )
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if "accept" in attrs:
            attrs["accept"] = "image/jpeg,image/png,image/webp"
        return attrs

    def to_python(self, data):
        upload = forms.FileField.to_python(self, data)
        if upload is None:
            return None
        if upload.size is not None and upload.size > max_upload_bytes():
            raise reject("too_large", size=_mb(upload.size), limit=_mb(max_upload_bytes()))
        upload.seek(0)
        clean = inspect_upload(upload.read())
        stem = slugify(PurePath(upload.name or "").stem, max_length=80) or "anh"
        result = SimpleUploadedFile(f"{stem}.{clean.extension}", clean.data, clean.content_type)
        result.clean_image = clean
        return result


# ------------------------------------------------------------------ rebuilding files

_JFIF_DEFAULT = b"JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00"
_APP1_KEEP = (
    b"Exif\x00\x00",
    b"http://ns.adobe.com/xap/1.0/\x00",
    b"http://ns.adobe.com/xmp/extension/\x00",
)


def _segment(marker: int, payload: bytes) -> bytes:
    if len(payload) + 2 > 0xFFFF:
        raise ValueError("segment too long")
    return bytes([0xFF, marker]) + struct.pack(">H", len(payload) + 2) + payload


def clean_jpeg(data: bytes) -> bytes:
    """Rebuild a JPEG from its known segments: scans copied as they are, nothing after EOI."""
    if data[:2] != b"\xff\xd8":
        raise ValueError("no SOI")
    head: list[bytes] = []
    body: list[bytes] = []
    jfif = None
    adobe = None
    pos = 2
    size = len(data)
    while True:
        if pos >= size or data[pos] != 0xFF:
            raise ValueError("marker expected")
        while pos < size and data[pos] == 0xFF:  # fill bytes
            pos += 1
        if pos >= size:
            raise ValueError("truncated")
        marker = data[pos]
        pos += 1
        if marker == 0xD9:  # EOI: whatever follows is dropped
            break
        if 0xD0 <= marker <= 0xD7 or marker == 0x01:
            body.append(bytes([0xFF, marker]))
            continue
        if pos + 2 > size:
            raise ValueError("truncated")
        length = struct.unpack(">H", data[pos : pos + 2])[0]
        if length < 2 or pos + length > size:
            raise ValueError("truncated segment")
        payload = data[pos + 2 : pos + length]
        pos += length
        if marker == 0xDA:  # start of scan: copy the entropy-coded data up to the next marker
            start = pos
            while True:
                pos = data.find(b"\xff", pos)
                if pos < 0 or pos + 1 >= size:
                    raise ValueError("truncated scan")
                following = data[pos + 1]
                if following == 0x00 or 0xD0 <= following <= 0xD7:
                    pos += 2
                elif following == 0xFF:
                    pos += 1
                else:
                    break
            body.append(_segment(marker, payload) + data[start:pos])
        elif marker == 0xE0:
            if payload.startswith(b"JFIF\x00") and len(payload) >= 12 and jfif is None:
                jfif = payload[:12] + b"\x00\x00"  # no thumbnail
        elif marker == 0xE1:
            if payload.startswith(b"Exif\x00\x00"):
                head.append(_segment(marker, payload[:6] + blank_exif_gps(payload[6:])))
            elif payload.startswith(b"http://ns.adobe.com/xap/1.0/\x00"):
                prefix, _, packet = payload.partition(b"\x00")
                packet = blank_xmp_gps(packet)
                if packet:
                    head.append(_segment(marker, prefix + b"\x00" + packet))
            elif payload.startswith(_APP1_KEEP):
                head.append(_segment(marker, payload))
        elif marker == 0xE2:
            if payload.startswith(b"ICC_PROFILE\x00"):
                head.append(_segment(marker, payload))
        elif marker == 0xED:
            if payload.startswith(b"Photoshop 3.0\x00"):
                head.append(_segment(marker, payload))
        elif marker == 0xEE:
            if payload.startswith(b"Adobe") and len(payload) >= 12 and adobe is None:
                adobe = payload[:12]
        elif 0xE3 <= marker <= 0xEF or marker == 0xFE:
            continue  # other application data and comments
        else:
            body.append(_segment(marker, payload))
    if not any(part.startswith(b"\xff\xda") for part in body):
        raise ValueError("no scan")
    # The first segment is one of fixed, short length, so its length bytes can never open a
    # script comment ("/*"). JFIF is not added to files without it: for three-channel Adobe
    # or RGB-tagged files it would change how decoders read the colours.
    if jfif:
        first = _segment(0xE0, jfif)
        if adobe:
            head.insert(0, _segment(0xEE, adobe))
    elif adobe:
        first = _segment(0xEE, adobe)
    else:
        first = b"\xff\xfe\x00\x02"  # an empty comment
    return b"\xff\xd8" + first + b"".join(head) + b"".join(body) + b"\xff\xd9"


_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_PNG_KEEP = {
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"cHRM", b"gAMA", b"iCCP", b"sBIT",
    b"sRGB", b"pHYs", b"bKGD", b"cICP",
}  # fmt: skip


def _png_chunk(kind: bytes, payload: bytes) -> bytes:
    crc = zlib.crc32(kind + payload) & 0xFFFFFFFF
    return struct.pack(">I", len(payload)) + kind + payload + struct.pack(">I", crc)


def clean_png(data: bytes) -> bytes:
    """Rebuild a PNG from its image chunks, EXIF and XMP; text chunks and trailing data go."""
    if not data.startswith(_PNG_SIGNATURE):
        raise ValueError("no PNG signature")
    out = [_PNG_SIGNATURE]
    pos = len(_PNG_SIGNATURE)
    while True:
        if pos + 8 > len(data):
            raise ValueError("truncated")
        length, kind = struct.unpack(">I4s", data[pos : pos + 8])
        end = pos + 8 + length + 4
        if end > len(data):
            raise ValueError("truncated chunk")
        payload = data[pos + 8 : pos + 8 + length]
        pos = end
        if kind in _PNG_KEEP:
            out.append(_png_chunk(kind, payload))
        elif kind == b"eXIf":
            out.append(_png_chunk(kind, blank_exif_gps(payload)))
        elif kind == b"iTXt" and payload.startswith(b"XML:com.adobe.xmp\x00"):
            packet = _itxt_text(payload)
            packet = blank_xmp_gps(packet) if packet else b""
            if packet:
                out.append(_png_chunk(kind, b"XML:com.adobe.xmp\x00\x00\x00\x00\x00" + packet))
        if kind == b"IEND":
            break
    return b"".join(out)


def _itxt_text(payload: bytes) -> bytes:
    _, _, rest = payload.partition(b"\x00")
    if len(rest) < 2:
        return b""
    compressed, rest = rest[0], rest[2:]
    _, _, rest = rest.partition(b"\x00")  # language
    _, _, text = rest.partition(b"\x00")  # translated keyword
    if compressed:
        decompressor = zlib.decompressobj()
        text = decompressor.decompress(text, 4 * 1024 * 1024)
    return text


_WEBP_KEEP = {b"VP8 ", b"VP8L", b"VP8X", b"ALPH", b"ICCP"}


def clean_webp(data: bytes) -> bytes:
    """Rebuild a WebP from its image, ICC, EXIF and XMP chunks, up to the RIFF size."""
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        raise ValueError("not a WebP RIFF")
    end = 8 + struct.unpack("<I", data[4:8])[0]
    if end > len(data):
        raise ValueError("truncated")
    chunks = []
    pos = 12
    while pos + 8 <= end:
        kind, length = struct.unpack("<4sI", data[pos : pos + 8])
        if pos + 8 + length > end:
            raise ValueError("truncated chunk")
        payload = data[pos + 8 : pos + 8 + length]
        pos += 8 + length + (length & 1)
        if kind in _WEBP_KEEP:
            chunks.append((kind, payload))
        elif kind == b"EXIF":
            chunks.append((kind, blank_exif_gps(payload)))
        elif kind == b"XMP ":
            packet = blank_xmp_gps(payload)
            if packet:
                chunks.append((kind, packet))
    body = b"".join(
        struct.pack("<4sI", kind, len(payload)) + payload + (b"\x00" if len(payload) & 1 else b"")
        for kind, payload in chunks
    )
    return b"RIFF" + struct.pack("<I", 4 + len(body)) + b"WEBP" + body


_TIFF_TYPE_SIZES = {1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8}
_GPS_IFD = 0x8825


def blank_exif_gps(tiff: bytes) -> bytes:
    """Zero the GPS directory of a TIFF/EXIF block in place; unreadable EXIF is dropped."""
    try:
        return _blank_exif_gps(tiff)
    except (struct.error, ValueError, IndexError, KeyError):
        return b"MM\x00\x2a\x00\x00\x00\x08\x00\x00\x00\x00\x00\x00"  # an empty IFD0


def _blank_exif_gps(tiff: bytes) -> bytes:
    if tiff.startswith(b"Exif\x00\x00"):
        return b"Exif\x00\x00" + _blank_exif_gps(tiff[6:])
    order = {b"II": "<", b"MM": ">"}[tiff[:2]]
    block = bytearray(tiff)

    def read(fmt, offset):
        return struct.unpack_from(order + fmt, block, offset)[0]

    ifd0 = read("I", 4)
    for index in range(read("H", ifd0)):
        entry = ifd0 + 2 + 12 * index
        if read("H", entry) != _GPS_IFD:
            continue
        gps = read("I", entry + 8)
        count = read("H", gps)
        if gps + 2 + 12 * count > len(block):
            raise ValueError("GPS directory outside the block")
        for number in range(count):
            item = gps + 2 + 12 * number
            size = _TIFF_TYPE_SIZES.get(read("H", item + 2), 1) * read("I", item + 4)
            if size > 4:
                value = read("I", item + 8)
                block[value : value + size] = bytes(len(block[value : value + size]))
        block[gps : gps + 2 + 12 * count] = bytes(2 + 12 * count)
    return bytes(block)


_XMP_EXIF_PREFIX = re.compile(
    rb'xmlns:([A-Za-z_][\w.-]*)\s*=\s*["\']http://ns\.adobe\.com/exif/1\.0/'
)


def blank_xmp_gps(packet: bytes) -> bytes:
    """Remove exif:GPS* properties from an XMP packet; drop a packet we cannot parse."""
    packet = packet.rstrip(b"\x00")
    for prefix in set(_XMP_EXIF_PREFIX.findall(packet)):
        p = re.escape(prefix)
        packet = re.sub(rb"\s" + p + rb":GPS[\w]*\s*=\s*(\"[^\"]*\"|'[^']*')", b"", packet)
        packet = re.sub(rb"<" + p + rb":GPS[\w]*\b[^>]*/>", b"", packet)
        packet = re.sub(
            rb"<(" + p + rb":GPS[\w]*)\b[^>]*>.*?</\1\s*>", b"", packet, flags=re.DOTALL
        )
    return packet if _parse_xmp(packet) is not None else b""


# ------------------------------------------------------------------------ metadata


@dataclass
class PhotoMetadata:
    """What the file says about itself, already decoded; empty strings when it says nothing."""

    caption: str = ""
    credit: str = ""
    taken_on: date | None = None
    sources: dict[str, str] = field(default_factory=dict)  # field name → IPTC, XMP or EXIF


NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "exif": "http://ns.adobe.com/exif/1.0/",
}
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# Cameras fill ImageDescription with their own name; that is no caption.
CAMERA_DEFAULTS = {
    "olympus digital camera", "sony dsc", "digital camera", "default", "image", "picture",
    "untitled", "kodak digital still camera", "samsung digital camera", "minolta dsc",
    "lg digital camera", "exif_jpeg_picture", "we chat", "wechat",
}  # fmt: skip

MAX_CAPTION = 2000
MAX_CREDIT = 200


def read_metadata(image: Image.Image) -> PhotoMetadata:
    """Caption, credit and date from XMP, then IPTC, then EXIF (the first that has each).

    XMP comes first because it is always Unicode and is what current tools (Photoshop,
    Lightroom, Photo Mechanic) update; when it and IPTC disagree the Metadata Working Group
    guidance is to trust XMP. Broken metadata never blocks an upload: it is ignored.
    """
    candidates: dict[str, list[tuple[str, object]]] = {"caption": [], "credit": [], "date": []}
    for source, reader in (("XMP", _xmp_fields), ("IPTC", _iptc_fields), ("EXIF", _exif_fields)):
        try:
            found = reader(image)
        except Exception:  # noqa: BLE001 — any defect in embedded metadata only loses it
            continue
        for key, values in found.items():
            candidates[key].extend((source, value) for value in values)

    metadata = PhotoMetadata()
    for source, value in candidates["caption"]:
        text = _text(value, MAX_CAPTION)
        if text and text.casefold() not in CAMERA_DEFAULTS:
            metadata.caption, metadata.sources["caption"] = text, source
            break
    for source, value in candidates["credit"]:
        text = _text(value, MAX_CREDIT)
        if text and text.casefold() not in CAMERA_DEFAULTS:
            metadata.credit, metadata.sources["credit"] = text, source
            break
    for source, value in candidates["date"]:
        day = parse_metadata_date(value)
        if day:
            metadata.taken_on, metadata.sources["taken_on"] = day, source
            break
    return metadata


def _text(value, limit: int) -> str:
    text = normalize(str(value or ""))
    text = "".join(ch for ch in text if unicodedata.category(ch) not in {"Cc", "Cf"} or ch == " ")
    if len(text) > limit:
        text = text[: limit - 1].rstrip() + "…"
    return text


_DATE = re.compile(r"^\s*(\d{4})[-:]?(\d{2})[-:]?(\d{2})")


def parse_metadata_date(value) -> date | None:
    """'20240522', '2024-05-22T08:15:00+07:00' or EXIF '2024:05:22 08:15:00' → a date."""
    if isinstance(value, bytes):
        value = value.decode("ascii", "ignore")
    match = _DATE.match(str(value or ""))
    if not match:
        return None
    try:
        day = date(*(int(part) for part in match.groups()))
    except ValueError:  # "0000:00:00", a 31 February
        return None
    if day.year < 1839 or day > timezone.localdate() + timedelta(days=1):
        return None
    return day


# IPTC ---------------------------------------------------------------------------

_IPTC_UTF8 = {b"\x1b%G", b"\x1b%/G", b"\x1b%/I"}


def _iptc_fields(image: Image.Image) -> dict[str, list]:
    info = IptcImagePlugin.getiptcinfo(image) if image.format in {"JPEG", "MPO"} else None
    if not info:
        return {}
    charset = info.get((1, 90))
    utf8 = isinstance(charset, bytes) and charset.strip() in _IPTC_UTF8

    def texts(record):
        value = info.get(record)
        values = value if isinstance(value, list) else [value]
        return [_decode_iptc(item, utf8) for item in values if item]

    bylines = ", ".join(texts((2, 80)))
    return {
        "caption": texts((2, 120)),
        "credit": [bylines, *texts((2, 110)), *texts((2, 116))],
        "date": texts((2, 55)),
    }


def _decode_iptc(raw: bytes, declared_utf8: bool) -> str:
    if declared_utf8:
        return raw.decode("utf-8", "replace")
    try:
        return raw.decode("utf-8")  # most tools write UTF-8 even without 1:90
    except UnicodeDecodeError:
        return raw.decode("cp1258", "replace")  # Windows Vietnamese, from older software


# XMP ----------------------------------------------------------------------------


def _parse_xmp(packet) -> ET.Element | None:
    if isinstance(packet, str):
        packet = packet.encode("utf-8")
    packet = (packet or b"").strip(b"\x00 \r\n\t")
    if not packet or len(packet) > 4 * 1024 * 1024:
        return None
    # XMP never needs a DTD; refusing one rules out entity expansion tricks.
    if b"<!DOCTYPE" in packet.upper() or b"<!ENTITY" in packet.upper():
        return None
    try:
        return ET.fromstring(packet)
    except ET.ParseError:
        return None


def _xmp_fields(image: Image.Image) -> dict[str, list]:
    root = _parse_xmp(image.info.get("xmp"))
    if root is None:
        return {}
    descriptions = root.iter(f"{{{NS['rdf']}}}Description")

    found: dict[str, list] = {"caption": [], "credit": [], "date": []}
    props: dict[str, list[str]] = {}
    for description in descriptions:
        for name, value in description.attrib.items():
            props.setdefault(name, []).append(value)
        for child in description:
            props.setdefault(child.tag, []).extend(_xmp_values(child))

    def get(prefix, local):
        return props.get(f"{{{NS[prefix]}}}{local}", [])

    found["caption"] = get("dc", "description")
    creators = get("dc", "creator")
    found["credit"] = [", ".join(creators)] if creators else []
    found["credit"] += get("photoshop", "Credit") + get("dc", "rights")
    found["date"] = (
        get("photoshop", "DateCreated") + get("exif", "DateTimeOriginal") + get("xmp", "CreateDate")
    )
    return found


def _xmp_values(element: ET.Element) -> list[str]:
    """A property's values: simple text, an rdf:Alt (x-default or vi first), a Seq or a Bag."""
    items = list(element.iter(f"{{{NS['rdf']}}}li"))
    if not items:
        return [element.text] if element.text and element.text.strip() else []
    container = next(iter(element), None)
    if container is not None and container.tag == f"{{{NS['rdf']}}}Alt":
        ranked = sorted(
            items, key=lambda li: {"x-default": 0, "vi": 1}.get(li.get(XML_LANG, ""), 2)
        )
        return [text for li in ranked[:1] if (text := (li.text or "").strip())]
    return [text for li in items if (text := (li.text or "").strip())]


# EXIF ---------------------------------------------------------------------------

EXIF_IMAGE_DESCRIPTION = 0x010E
EXIF_ARTIST = 0x013B
EXIF_COPYRIGHT = 0x8298
EXIF_IFD = 0x8769
EXIF_DATETIME_ORIGINAL = 0x9003
XP_TITLE, XP_COMMENT, XP_AUTHOR = 0x9C9B, 0x9C9C, 0x9C9D


def _exif_fields(image: Image.Image) -> dict[str, list]:
    exif = image.getexif()
    if not exif:
        return {}
    sub = exif.get_ifd(EXIF_IFD)
    return {
        "caption": [
            _exif_text(exif.get(EXIF_IMAGE_DESCRIPTION)),
            _xp_text(exif.get(XP_COMMENT)),
            _xp_text(exif.get(XP_TITLE)),
        ],
        "credit": [
            _exif_text(exif.get(EXIF_ARTIST)),
            _xp_text(exif.get(XP_AUTHOR)),
            _exif_text(exif.get(EXIF_COPYRIGHT)),
        ],
        "date": [sub.get(EXIF_DATETIME_ORIGINAL)],
    }


def _exif_text(value) -> str:
    """EXIF 'ASCII' text is UTF-8 in practice; Pillow hands it back decoded as Latin-1."""
    if value is None:
        return ""
    if isinstance(value, bytes):
        raw = value
    else:
        try:
            raw = str(value).encode("latin-1")
        except UnicodeEncodeError:
            return str(value)
    raw = raw.split(b"\x00", 1)[0]
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("cp1258", "replace")


def _xp_text(value) -> str:
    """Windows' XP* tags: UTF-16LE bytes (Pillow may give them as a tuple of ints)."""
    if value is None:
        return ""
    if isinstance(value, tuple):
        value = bytes(value)
    if not isinstance(value, bytes):
        return str(value)
    return value.decode("utf-16-le", "replace").split("\x00", 1)[0]


# ---------------------------------------------------------------------- renditions

JPEG_QUALITY = 82
WEBP_QUALITY = 80


def prepare_for_renditions(data: bytes, largest_width: int) -> tuple[Image.Image, int]:
    """Decode a stored photo once: upright (EXIF orientation), RGB, alpha flattened on white.

    Returns the image and the upright width of the original (before any draft reduction).

    For JPEG, Pillow's draft mode decodes at the smallest power-of-two scale that still covers
    the largest rendition, which makes big camera files several times faster to process.
    """
    image = open_image(data)
    orientation = image.getexif().get(0x0112, 1)
    width, height = image.size
    shown_width = height if orientation in {5, 6, 7, 8} else width
    if image.format in {"JPEG", "MPO"} and shown_width > largest_width:
        scale = largest_width / shown_width
        image.draft("RGB", (int(width * scale) + 1, int(height * scale) + 1))
    icc = image.info.get("icc_profile")
    image = ImageOps.exif_transpose(image)
    if image.mode == "CMYK" and icc:
        try:
            image = ImageCms.profileToProfile(
                image,
                ImageCms.ImageCmsProfile(io.BytesIO(icc)),
                ImageCms.createProfile("sRGB"),
                outputMode="RGB",
            )
            icc = None
        except (ImageCms.PyCMSError, OSError):
            pass
    if image.mode in {"RGBA", "LA", "PA"} or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        flat = Image.new("RGB", rgba.size, (255, 255, 255))
        flat.paste(rgba, mask=rgba.getchannel("A"))
        image = flat
    elif image.mode != "RGB":
        image = image.convert("RGB")
    image.info["icc_profile"] = icc if image.mode == "RGB" and icc else None
    return image, shown_width


def rendition_widths(source_width: int, widths) -> list[int]:
    """The wanted widths the source can give without upscaling, plus its own width when it is
    narrower than the largest wanted (so the biggest rendition is as sharp as possible)."""
    wanted = sorted(set(widths))
    chosen = [w for w in wanted if w <= source_width]
    if wanted and source_width < wanted[-1] and source_width not in chosen:
        chosen.append(source_width)
    return chosen


def encode_rendition(image: Image.Image, width: int, fmt: str) -> tuple[bytes, int, int]:
    """Resize an upright RGB image to ``width`` and encode it as 'jpeg' or 'webp'."""
    height = max(1, round(image.height * width / image.width))
    resized = (
        image
        if (width, height) == image.size
        else image.resize((width, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
    )
    buffer = io.BytesIO()
    options = {}
    if image.info.get("icc_profile"):
        options["icc_profile"] = image.info["icc_profile"]
    if fmt == "jpeg":
        resized.save(
            buffer, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True, **options
        )
    elif fmt == "webp":
        resized.save(buffer, "WEBP", quality=WEBP_QUALITY, method=4, **options)
    else:
        raise ValueError(f"unknown rendition format {fmt!r}")
    return buffer.getvalue(), width, height
