"""Stand-in news photos for the demo, drawn with Pillow: a gradient and a few shapes.

Each picture is a pure function of its scene and seed, so the demo is the same on
every machine. No text is drawn (no font is needed).
"""

import io
import random

from PIL import Image, ImageDraw

SIZE = (1600, 1067)  # 3:2, the shape of a camera frame

SCENE_ALT = {
    "hall": "Quang cảnh hội nghị trong hội trường, phông nền đỏ",
    "crowd": "Đông người tham dự một sự kiện ngoài trời",
    "field": "Đồi núi, ruộng bậc thang và con đường ở vùng cao",
    "border": "Khu vực cửa khẩu với cổng, mái che và dãy xe hàng",
    "classroom": "Lớp học với bảng xanh và các dãy bàn",
}


def _gradient(size, top, bottom) -> Image.Image:
    mask = Image.linear_gradient("L").resize(size)
    return Image.composite(Image.new("RGB", size, bottom), Image.new("RGB", size, top), mask)


def _person(draw, x, y, scale, rng):
    shirt = rng.choice([(235, 235, 230), (40, 60, 110), (200, 205, 215), (90, 90, 95)])
    skin = rng.choice([(222, 184, 150), (205, 160, 125), (230, 195, 165)])
    r = 18 * scale
    draw.rounded_rectangle(
        [x - 34 * scale, y + r * 0.9, x + 34 * scale, y + r * 0.9 + 90 * scale],
        radius=int(16 * scale),
        fill=shirt,
    )
    draw.ellipse([x - r, y - r, x + r, y + r], fill=skin)
    draw.chord([x - r, y - r * 1.05, x + r, y + r * 0.4], 180, 360, fill=(30, 25, 25))


def _hills(draw, rng, w, h, base, colors):
    for index, color in enumerate(colors):
        top = base + index * 70
        points = [(0, h)]
        for x in range(0, w + 200, 200):
            points.append((x, top + rng.randint(-90, 60)))
        points.append((w, h))
        draw.polygon(points, fill=color)


def _hall(image, draw, rng, w, h):
    draw.rectangle([0, 0, w, h * 0.55], fill=(150, 20, 25))
    cx, cy = w // 2, int(h * 0.2)
    star = [(cx, cy - 70), (cx + 20, cy - 20), (cx + 72, cy - 20), (cx + 30, cy + 12),
            (cx + 45, cy + 65), (cx, cy + 32), (cx - 45, cy + 65), (cx - 30, cy + 12),
            (cx - 72, cy - 20), (cx - 20, cy - 20)]  # fmt: skip
    draw.polygon(star, fill=(250, 210, 40))
    draw.rectangle([w * 0.2, h * 0.38, w * 0.8, h * 0.46], fill=(245, 225, 200))
    draw.rectangle([w * 0.15, h * 0.55, w * 0.85, h * 0.62], fill=(120, 70, 40))
    for seat in range(7):
        _person(draw, int(w * 0.2 + seat * w * 0.1), int(h * 0.5), 0.8, rng)
    for row in range(3):
        for seat in range(11 - row):
            x = int(60 + seat * (w - 120) / (10 - row) + rng.randint(-12, 12))
            _person(draw, x, int(h * 0.75 + row * 95), 1.2 + row * 0.25, rng)


def _crowd(image, draw, rng, w, h):
    _hills(draw, rng, w, h, int(h * 0.45), [(70, 110, 80), (95, 130, 90)])
    draw.rectangle([0, h * 0.62, w, h], fill=(150, 140, 125))
    spots = sorted((rng.randint(int(h * 0.6), int(h * 0.95)), rng.randint(0, w)) for _ in range(38))
    for y, x in spots:  # back rows first, so nearer people cover them
        _person(draw, x, y, 0.7 + (y - h * 0.6) / h * 2.2, rng)
    for flag in range(5):
        x = 150 + flag * 320
        draw.line([x, h * 0.2, x, h * 0.5], fill=(90, 80, 70), width=6)
        draw.rectangle([x, h * 0.2, x + 90, h * 0.26], fill=(210, 25, 30))


def _field(image, draw, rng, w, h):
    draw.ellipse([w * 0.72, h * 0.08, w * 0.72 + 110, h * 0.08 + 110], fill=(255, 236, 170))
    _hills(draw, rng, w, h, int(h * 0.35), [(85, 120, 110), (70, 125, 70), (110, 150, 60)])
    for terrace in range(6):
        y = int(h * 0.62 + terrace * 60)
        draw.arc([-200, y - 120, w + 200, y + 120], 190, 350, fill=(170, 190, 90), width=8)
    draw.polygon([(w * 0.45, h), (w * 0.55, h), (w * 0.51, h * 0.55), (w * 0.5, h * 0.55)],
                 fill=(190, 170, 130))  # fmt: skip


def _border(image, draw, rng, w, h):
    _hills(draw, rng, w, h, int(h * 0.4), [(80, 115, 95), (100, 135, 100)])
    draw.polygon([(0, h), (w, h), (w * 0.62, h * 0.55), (w * 0.38, h * 0.55)],
                 fill=(120, 120, 125))  # fmt: skip
    draw.rectangle([w * 0.3, h * 0.3, w * 0.7, h * 0.38], fill=(235, 230, 215))
    for x in (0.3, 0.44, 0.56, 0.7):
        draw.rectangle([w * x - 18, h * 0.38, w * x + 18, h * 0.6], fill=(225, 220, 205))
    for truck in range(4):
        x = int(w * 0.08 + truck * 120)
        y = int(h * 0.72 + truck * 45)
        color = rng.choice([(40, 90, 160), (200, 60, 40), (230, 230, 230), (60, 130, 70)])
        draw.rectangle([x, y, x + 210, y + 95], fill=color)
        draw.rectangle([x + 210, y + 30, x + 270, y + 95], fill=(60, 60, 65))
        for wheel in (x + 40, x + 170, x + 240):
            draw.ellipse([wheel - 20, y + 80, wheel + 20, y + 120], fill=(25, 25, 25))
    _person(draw, int(w * 0.6), int(h * 0.7), 1.3, rng)


def _classroom(image, draw, rng, w, h):
    draw.rectangle([0, 0, w, h * 0.6], fill=(236, 226, 196))
    draw.rectangle([w * 0.25, h * 0.1, w * 0.75, h * 0.42], fill=(30, 85, 60))
    draw.rectangle([w * 0.25, h * 0.42, w * 0.75, h * 0.44], fill=(140, 100, 60))
    draw.rectangle([0, h * 0.6, w, h], fill=(175, 140, 100))
    for row in range(3):
        for seat in range(6):
            x = int(170 + seat * 255 + rng.randint(-10, 10))
            y = int(h * 0.66 + row * 120)
            _person(draw, x, y, 0.9 + row * 0.3, rng)
            draw.rectangle([x - 80, y + 60 + row * 12, x + 80, y + 90 + row * 12],
                           fill=(205, 170, 120))  # fmt: skip


_SCENES = {
    "hall": (_hall, (120, 20, 20), (60, 20, 20)),
    "crowd": (_crowd, (150, 195, 235), (235, 235, 225)),
    "field": (_field, (120, 175, 230), (235, 225, 200)),
    "border": (_border, (160, 200, 235), (240, 235, 220)),
    "classroom": (_classroom, (236, 226, 196), (200, 190, 160)),
}


def render_photo(scene: str, seed: int, size: tuple[int, int] = SIZE) -> bytes:
    """A JPEG of ``size`` for ``scene`` ("hall", "crowd", "field", "border", "classroom")."""
    draw_scene, top, bottom = _SCENES[scene]
    rng = random.Random(seed)
    image = _gradient(size, top, bottom)
    draw_scene(image, ImageDraw.Draw(image), rng, *size)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82, optimize=True)
    return buffer.getvalue()
