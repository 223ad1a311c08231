"""Product pictures for the demo shop, drawn with Pillow only (no downloads, no fonts).

``product_image(name, category_code, seed)`` returns a JPEG: a soft studio background, a table
and an object chosen by the product's group and name (fruit, jar, bottle, sack, tea, coffee,
mushrooms, vase, basket, fabric, flowers, a landscape …), varied by ``seed``.
"""

import colorsys
import io
import math
import random

from PIL import Image, ImageChops, ImageDraw, ImageFilter

SCALE = 2  # drawn at twice the size, then reduced: smooth edges

FRUITS = {  # name keyword -> (colour, relative size, how many)
    "bưởi": ((168, 196, 74), 1.25, 2),
    "cam": ((236, 140, 36), 0.9, 3),
    "vải": ((196, 48, 56), 0.45, 9),
    "na ": ((150, 186, 104), 0.9, 3),
    "dứa": ((222, 168, 48), 1.0, 2),
    "dưa": ((200, 214, 140), 1.3, 2),
    "dâu": ((214, 36, 58), 0.45, 8),
    "sầu riêng": ((150, 160, 64), 1.3, 1),
    "chôm": ((204, 40, 52), 0.5, 7),
    "cà chua": ((222, 52, 40), 0.5, 7),
    "bơ": ((70, 110, 44), 0.85, 3),
    "hạt dẻ": ((120, 72, 40), 0.4, 10),
    "ổi": ((178, 212, 96), 0.85, 3),
    "chuối": ((240, 206, 60), 0.8, 3),
}
LIQUIDS = {  # name keyword -> liquid colour
    "mật ong": (214, 138, 22),
    "mắm": (150, 72, 28),
    "tương": (120, 70, 30),
    "vang": (110, 20, 40),
    "mơ": (226, 170, 60),
    "chanh dây": (240, 190, 40),
    "sữa": (246, 244, 236),
    "ba kích": (140, 40, 50),
    "dầu": (236, 220, 150),
}


def product_image(name: str, category_code: str, seed: str, size=(800, 800)) -> bytes:
    rng = random.Random(f"{seed}|{name}|{category_code}")
    w, h = size[0] * SCALE, size[1] * SCALE
    code, lower = (category_code or "").upper(), f"{name.lower()} "
    if code.startswith("VI"):
        image = landscape(rng, w, h)
    else:
        hue = rng.random()
        image, base = studio(rng, w, h, hue)
        draw_object(ImageDraw.Draw(image), rng, w, base, code, lower)
    image = image.reduce(SCALE)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=82, progressive=True, optimize=True)
    return out.getvalue()


# Colours and shapes ----------------------------------------------------------------------------


def hsv(h, s, v):
    return tuple(round(c * 255) for c in colorsys.hsv_to_rgb(h % 1, s, v))


def mix(a, b, t):
    return tuple(round(x + (y - x) * t) for x, y in zip(a, b, strict=True))


def vertical_gradient(w, h, top, bottom):
    mask = Image.linear_gradient("L").resize((1, h), Image.Resampling.BILINEAR)
    column = Image.composite(Image.new("RGB", (1, h), bottom), Image.new("RGB", (1, h), top), mask)
    return column.resize((w, h), Image.Resampling.NEAREST)


def studio(rng, w, h, hue):
    """A soft gradient wall, a table top with its front edge, and a soft shadow where the object stands.

    Returns the image and the base line on which the object stands."""
    wall = vertical_gradient(w, h, hsv(hue, 0.08, 0.98), hsv(hue + 0.05, 0.2, 0.86))
    table_y = int(h * rng.uniform(0.62, 0.68))
    wood = rng.choice([(196, 150, 108), (222, 200, 170), (166, 118, 82), (236, 230, 220), (150, 164, 146)])
    table = vertical_gradient(w, h - table_y, mix(wood, (255, 255, 255), 0.2), mix(wood, (0, 0, 0), 0.2))
    wall.paste(table, (0, table_y))
    ImageDraw.Draw(wall).line([(0, table_y), (w, table_y)], fill=mix(wood, (255, 255, 255), 0.45), width=SCALE * 3)
    base = int(table_y + h * 0.11)
    # soft shadow, falling to the right: drawn small, blurred, scaled up into its box only
    sw, sh = int(w * 0.7), int(h * 0.14)
    small = Image.new("L", (sw // 8, sh // 8), 0)
    ImageDraw.Draw(small).ellipse([sw / 8 * 0.18, sh / 8 * 0.3, sw / 8 * 0.86, sh / 8 * 0.72], fill=120)
    mask = small.filter(ImageFilter.GaussianBlur(2.5)).resize((sw, sh), Image.Resampling.BILINEAR)
    wall.paste(mix(wood, (30, 20, 10), 0.55), (int(w / 2 - sw * 0.48), int(base - sh * 0.5)), mask)
    return wall, base


def _ball_light():
    """How lit each point of a ball is (255 at a highlight up and to the left, dark towards the far edge)."""
    crop = Image.radial_gradient("L").crop((73, 73, 243, 243))
    return crop.point(lambda v: max(0, 255 - int(v * 1.5)))


BALL_LIGHT = _ball_light()


def sphere(draw, cx, cy, rx, ry, colour):
    """A shaded ball: the dark colour, then the light one through the ball's light map."""
    size = (max(2, round(2 * rx)), max(2, round(2 * ry)))
    x0, y0 = round(cx - rx), round(cy - ry)
    draw.ellipse([x0, y0, x0 + size[0] - 1, y0 + size[1] - 1], fill=mix(colour, (0, 0, 0), 0.4))
    outline = Image.new("L", size, 0)
    ImageDraw.Draw(outline).ellipse([0, 0, size[0] - 1, size[1] - 1], fill=255)
    light = ImageChops.multiply(BALL_LIGHT.resize(size, Image.Resampling.BILINEAR), outline)
    draw.bitmap((x0, y0), light, fill=mix(colour, (255, 255, 255), 0.35))


def leaf(draw, x, y, length, width, angle, color):
    pts = []
    for i in range(21):
        t = i / 20
        pts.append((t * length, width * math.sin(math.pi * t) ** 0.8))
    pts += [(t, -v) for t, v in reversed(pts)]
    ca, sa = math.cos(angle), math.sin(angle)
    poly = [(x + px * ca - py * sa, y + px * sa + py * ca) for px, py in pts]
    draw.polygon(poly, fill=color)
    draw.line([(x, y), (x + length * ca * 0.95, y + length * sa * 0.95)], fill=mix(color, (0, 0, 0), 0.3), width=3)


def star(draw, cx, cy, r, color):
    pts = []
    for i in range(10):
        a = -math.pi / 2 + i * math.pi / 5
        rr = r if i % 2 == 0 else r * 0.42
        pts.append((cx + rr * math.cos(a), cy + rr * math.sin(a)))
    draw.polygon(pts, fill=color)


def label(draw, rng, box, accent):
    x0, y0, x1, y1 = box
    draw.rectangle(box, fill=(250, 246, 236))
    band = (y1 - y0) * 0.18
    draw.rectangle([x0, y0, x1, y0 + band], fill=accent)
    draw.rectangle([x0, y1 - band * 0.6, x1, y1], fill=accent)
    cy = (y0 + y1) / 2 + band * 0.2
    star(draw, (x0 + x1) / 2, cy - (y1 - y0) * 0.08, (y1 - y0) * 0.16, (214, 170, 40))
    for k in (1, 2):
        yy = cy + (y1 - y0) * 0.09 * k
        inset = (x1 - x0) * (0.2 + 0.08 * k)
        draw.line([(x0 + inset, yy), (x1 - inset, yy)], fill=mix(accent, (255, 255, 255), 0.3), width=5)


def accent_colour(rng):
    return rng.choice([(170, 40, 40), (30, 90, 60), (40, 70, 140), (120, 60, 30), (150, 110, 20), (90, 40, 110)])


# Objects ---------------------------------------------------------------------------------------


def draw_object(draw, rng, w, base, code, name):
    kind = pick_kind(rng, code, name)
    {
        "fruit": fruit,
        "jar": jar,
        "bottle": bottle,
        "sack": sack,
        "bowl": bowl,
        "package": package,
        "tea": cup,
        "coffee": cup,
        "mushroom": mushrooms,
        "sticks": sticks,
        "vase": vase,
        "basket": basket,
        "fabric": fabric,
        "flowers": flowers,
        "plant": plant,
    }[kind](draw, rng, w, base, name, kind)


def pick_kind(rng, code, name):
    if code.startswith("I.1.A"):
        return "fruit"
    if code.startswith("I.1.B"):
        return "bottle" if "sữa" in name else "bowl"
    if code.startswith(("I.2.A", "I.3.B")):
        return rng.choice(["sack", "bowl"]) if "gạo" in name or "nếp" in name else rng.choice(["bowl", "package"])
    if code.startswith("I.2.B"):
        return "jar" if "mật ong" in name else "fruit"
    if code.startswith("I.3"):
        return "jar" if "mật ong" in name else "package"
    if code.startswith("I.4"):
        return "bottle" if code.startswith("I.4.A") else "jar"
    if code.startswith("I.5"):
        return "tea"
    if code.startswith("I.6"):
        return "coffee"
    if code.startswith("III"):
        if "trùng" in name:
            return "sticks"
        if "nấm" in name or "linh chi" in name:
            return "mushroom"
        return "bottle" if code.startswith(("III.2", "III.3")) or "cao" in name else "sticks"
    if code.startswith("II"):
        return "bottle"
    if code.startswith("IV.2"):
        return "fabric"
    if code.startswith("IV"):
        if any(k in name for k in ("mây", "giỏ", "khay", "nón")):
            return "basket"
        return "vase" if any(k in name for k in ("gốm", "bình", "lọ", "ấm")) else rng.choice(["vase", "basket"])
    if code.startswith("V.1"):
        return "flowers"
    if code.startswith("V"):
        return "plant"
    return "package"


def fruit(draw, rng, w, base, name, kind):
    colour, rel, count = next((v for k, v in FRUITS.items() if k in name), (None, 0.9, 3))
    colour = colour or hsv(rng.choice([0.02, 0.08, 0.14, 0.25, 0.95]), 0.75, 0.85)
    r = w * 0.14 * rel
    tall = 1.35 if "dứa" in name else 0.95
    rows = [count] if count <= 3 else [math.ceil(count * 0.6), count - math.ceil(count * 0.6)]
    placed = []  # a pile: the back row higher, drawn first
    for level, n in enumerate(rows):
        for i in range(n):
            x = w / 2 + (i - (n - 1) / 2) * r * (1.75 if count <= 3 else 1.6) + rng.uniform(-0.1, 0.1) * r
            placed.append((base - r * tall - level * r * 1.1 + rng.uniform(-0.05, 0.05) * r, x))
    textured = any(k in name for k in ("dưa", "na ", "dứa", "sầu riêng"))
    for y, x in sorted(placed):
        c = mix(colour, hsv(rng.random(), 0.5, 0.8), rng.uniform(0, 0.12))
        if "dứa" in name:  # a pineapple's crown
            for a in (-2.2, -1.85, -1.57, -1.3, -0.95):
                leaf(draw, x, y - r * tall * 0.9, r * 1.0, r * 0.14, a + rng.uniform(-0.1, 0.1), (60, 120, 60))
        sphere(draw, x, y, r, r * tall, c)
        if textured:  # net, scales or spikes
            texture = mix(c, (255, 255, 255), 0.35) if "dưa" in name else mix(c, (0, 0, 0), 0.25)
            step = r * (0.22 if "dưa" in name else 0.3)
            for gx in range(-4, 5):
                for gy in range(-5, 6):
                    px, py = x + gx * step + (gy % 2) * step / 2, y + gy * step * 0.85
                    if ((px - x) / r) ** 2 + ((py - y) / (r * tall)) ** 2 < 0.72:
                        box = [px - step / 2, py - step / 2, px + step / 2, py + step / 2]
                        draw.arc(box, 200, 340, fill=texture, width=4)
    if "dứa" not in name:
        y, x = sorted(placed)[0]
        top = y - r * tall
        draw.line([(x, top), (x + r * 0.1, top - r * 0.35)], fill=(90, 70, 40), width=int(r * 0.08) + 2)
        leaf(draw, x + r * 0.08, top - r * 0.25, r * 1.1, r * 0.28, -0.5 - rng.random() * 0.4, (70, 140, 60))


def jar(draw, rng, w, base, name, kind):
    liquid = next((v for k, v in LIQUIDS.items() if k in name), hsv(rng.uniform(0.03, 0.1), 0.8, 0.8))
    jw, jh = w * rng.uniform(0.32, 0.38), w * rng.uniform(0.42, 0.5)
    x0, y1 = w / 2 - jw / 2, base - w * 0.005
    y0 = y1 - jh
    draw.rounded_rectangle([x0, y0, x0 + jw, y1], radius=jw * 0.12, fill=mix(liquid, (255, 255, 255), 0.1))
    for i in range(8):  # depth: darker at the sides
        t = i / 8
        draw.rounded_rectangle(
            [x0 + jw * t * 0.3, y0 + 6, x0 + jw * (1 - t * 0.3), y1 - 6],
            radius=jw * 0.1,
            fill=mix(mix(liquid, (0, 0, 0), 0.3), mix(liquid, (255, 230, 160), 0.25), t),
        )
    draw.rounded_rectangle(
        [x0 + jw * 0.1, y0 + jh * 0.08, x0 + jw * 0.16, y1 - jh * 0.12], radius=8, fill=(255, 240, 200)
    )
    lid = accent_colour(rng)
    draw.rounded_rectangle([x0 - jw * 0.03, y0 - jh * 0.14, x0 + jw * 1.03, y0 + jh * 0.02], radius=10, fill=lid)
    draw.rectangle([x0 - jw * 0.03, y0 - jh * 0.05, x0 + jw * 1.03, y0 - jh * 0.03], fill=mix(lid, (0, 0, 0), 0.3))
    label(draw, rng, (x0 + jw * 0.12, y0 + jh * 0.34, x0 + jw * 0.88, y0 + jh * 0.78), lid)


def bottle(draw, rng, w, base, name, kind):
    small = kind == "bottle" and ("dầu" in name or "cao" in name or "tinh" in name or "thuốc" in name)
    liquid = next((v for k, v in LIQUIDS.items() if k in name), None)
    liquid = liquid or ((236, 232, 214) if "rượu" in name else hsv(rng.uniform(0.02, 0.12), 0.7, 0.6))
    glass = mix(liquid, (60, 90, 70), 0.15) if not small else (120, 70, 30)
    bw, bh = w * (0.2 if small else rng.uniform(0.2, 0.24)), w * (0.38 if small else rng.uniform(0.52, 0.58))
    x0, y1 = w / 2 - bw / 2, base - w * 0.005
    shoulder = y1 - bh * 0.68
    draw.rounded_rectangle([x0, shoulder, x0 + bw, y1], radius=bw * 0.18, fill=glass)
    for i in range(6):
        t = i / 6
        fill = mix(mix(glass, (0, 0, 0), 0.35), mix(glass, (255, 255, 255), 0.2), t)
        draw.rounded_rectangle(
            [x0 + bw * t * 0.3, shoulder + 4, x0 + bw * (1 - t * 0.3), y1 - 4], radius=bw * 0.16, fill=fill
        )
    nw = bw * 0.36
    neck_top = y1 - bh
    draw.polygon(
        [
            (x0 + 4, shoulder + bw * 0.1),
            (w / 2 - nw / 2, shoulder - bh * 0.12),
            (w / 2 + nw / 2, shoulder - bh * 0.12),
            (x0 + bw - 4, shoulder + bw * 0.1),
        ],
        fill=glass,
    )
    draw.rectangle([w / 2 - nw / 2, neck_top + bh * 0.06, w / 2 + nw / 2, shoulder - bh * 0.1], fill=glass)
    cap = accent_colour(rng) if not small else (30, 30, 30)
    draw.rounded_rectangle(
        [w / 2 - nw * 0.62, neck_top - bh * 0.02, w / 2 + nw * 0.62, neck_top + bh * 0.1], radius=6, fill=cap
    )
    draw.rounded_rectangle(
        [x0 + bw * 0.12, shoulder + bh * 0.05, x0 + bw * 0.2, y1 - bh * 0.1],
        radius=6,
        fill=mix(glass, (255, 255, 255), 0.55),
    )
    label(draw, rng, (x0 + bw * 0.06, shoulder + bh * 0.2, x0 + bw * 0.94, shoulder + bh * 0.52), cap)


def sack(draw, rng, w, base, name, kind):
    burlap = rng.choice([(214, 190, 146), (226, 210, 170), (200, 176, 130)])
    sw, sh = w * 0.44, w * 0.48
    x0, y1 = w / 2 - sw / 2, base + w * 0.01
    y0 = y1 - sh
    pts = [
        (x0 + sw * 0.08, y0 + sh * 0.1),
        (x0 + sw * 0.92, y0 + sh * 0.1),
        (x0 + sw, y1 - sh * 0.12),
        (x0 + sw * 0.9, y1),
        (x0 + sw * 0.1, y1),
        (x0, y1 - sh * 0.12),
    ]
    draw.polygon(pts, fill=burlap)
    for i in range(1, 16):  # weave
        x = x0 + sw * i / 16
        draw.line([(x, y0 + sh * 0.12), (x, y1 - 4)], fill=mix(burlap, (0, 0, 0), 0.08), width=2)
    draw.polygon(
        [
            (x0 + sw * 0.1, y0 + sh * 0.12),
            (w / 2 - sw * 0.06, y0 - sh * 0.06),
            (w / 2, y0 + sh * 0.04),
            (w / 2 + sw * 0.06, y0 - sh * 0.06),
            (x0 + sw * 0.9, y0 + sh * 0.12),
        ],
        fill=mix(burlap, (0, 0, 0), 0.12),
    )
    draw.rectangle([w / 2 - sw * 0.2, y0 + sh * 0.06, w / 2 + sw * 0.2, y0 + sh * 0.1], fill=(150, 110, 60))
    label(draw, rng, (x0 + sw * 0.2, y0 + sh * 0.35, x0 + sw * 0.8, y0 + sh * 0.75), accent_colour(rng))
    grains(draw, rng, w / 2 + sw * 0.55, base + w * 0.02, w * 0.09, name)


def grains(draw, rng, cx, cy, spread, name):
    colour = (250, 248, 240) if "nếp" in name or "gạo" in name else (236, 214, 160)
    for _ in range(60):
        x, y = cx + rng.gauss(0, spread), cy + rng.gauss(0, spread * 0.25)
        draw.ellipse([x - 7, y - 4, x + 7, y + 4], fill=mix(colour, (120, 100, 60), rng.random() * 0.25))


def bowl(draw, rng, w, base, name, kind):
    colour = rng.choice([(244, 244, 240), (60, 90, 140), (150, 90, 50), (40, 40, 40)])
    bw = w * 0.52
    x0, rim = w / 2 - bw / 2, base - w * 0.15
    if "gà" in name or "trứng" in name:  # eggs
        for i, (dx, dy) in enumerate([(-0.2, 0.02), (0.2, 0.02), (-0.07, -0.02), (0.09, -0.03), (0.0, 0.03)]):
            tint = mix((236, 214, 180), (196, 150, 110), (i % 3) / 3)
            sphere(draw, w / 2 + dx * bw, rim - w * 0.05 + dy * w, w * 0.06, w * 0.075, tint)
    else:
        rice = "gạo" in name or "nếp" in name or "bún" in name
        fill = (250, 248, 240) if rice else hsv(rng.uniform(0.05, 0.12), 0.45, 0.9)
        draw.ellipse([x0 + bw * 0.1, rim - w * 0.1, x0 + bw * 0.9, rim + w * 0.05], fill=mix(fill, (0, 0, 0), 0.08))
        for _ in range(70):
            x, y = rng.uniform(x0 + bw * 0.16, x0 + bw * 0.84), rim - w * 0.08 * rng.random() ** 0.5 + w * 0.02
            draw.ellipse([x - 9, y - 5, x + 9, y + 5], fill=mix(fill, (255, 255, 255), rng.random() * 0.5))
    draw.chord([x0, rim - w * 0.15, x0 + bw, rim + w * 0.15], 0, 180, fill=colour)
    draw.ellipse([x0, rim - w * 0.02, x0 + bw, rim + w * 0.03], outline=mix(colour, (255, 255, 255), 0.4), width=6)
    draw.arc(
        [x0 + bw * 0.1, rim, x0 + bw * 0.9, rim + w * 0.1], 20, 160, fill=mix(colour, (214, 170, 40), 0.7), width=8
    )


def package(draw, rng, w, base, name, kind):
    accent = accent_colour(rng)
    pw, ph = w * rng.uniform(0.32, 0.38), w * rng.uniform(0.42, 0.48)
    x0, y1 = w / 2 - pw / 2, base
    y0 = y1 - ph
    if rng.random() < 0.5:  # gift box with a ribbon
        draw.rectangle([x0, y0 + ph * 0.2, x0 + pw, y1], fill=accent)
        draw.rectangle(
            [x0 - pw * 0.03, y0 + ph * 0.1, x0 + pw * 1.03, y0 + ph * 0.26], fill=mix(accent, (0, 0, 0), 0.2)
        )
        draw.rectangle([w / 2 - pw * 0.06, y0 + ph * 0.1, w / 2 + pw * 0.06, y1], fill=(214, 170, 40))
        for side in (-1, 1):
            draw.ellipse(
                [w / 2 + side * pw * 0.14 - pw * 0.1, y0, w / 2 + side * pw * 0.14 + pw * 0.1, y0 + ph * 0.12],
                outline=(214, 170, 40),
                width=12,
            )
        label(draw, rng, (x0 + pw * 0.12, y0 + ph * 0.45, w / 2 - pw * 0.1, y0 + ph * 0.8), accent)
    else:  # stand-up pouch with a window
        draw.rounded_rectangle([x0, y0, x0 + pw, y1], radius=pw * 0.08, fill=mix(accent, (255, 255, 255), 0.75))
        draw.rectangle([x0, y0 + ph * 0.04, x0 + pw, y0 + ph * 0.1], fill=accent)
        window = hsv(rng.uniform(0.05, 0.14), 0.55, 0.85)
        draw.rounded_rectangle([x0 + pw * 0.2, y0 + ph * 0.52, x0 + pw * 0.8, y1 - ph * 0.08], radius=30, fill=window)
        for _ in range(25):
            x, y = rng.uniform(x0 + pw * 0.24, x0 + pw * 0.76), rng.uniform(y0 + ph * 0.56, y1 - ph * 0.12)
            draw.ellipse([x - 10, y - 7, x + 10, y + 7], fill=mix(window, (255, 255, 255), rng.random() * 0.4))
        star(draw, w / 2, y0 + ph * 0.3, ph * 0.09, (214, 170, 40))
        draw.line([(x0 + pw * 0.25, y0 + ph * 0.43), (x0 + pw * 0.75, y0 + ph * 0.43)], fill=accent, width=8)


def cup(draw, rng, w, base, name, kind):
    coffee = kind == "coffee"
    cx, cw, ch = w * 0.44, w * 0.34, w * 0.22
    china = rng.choice([(248, 246, 240), (236, 228, 210), (70, 80, 70), (200, 90, 60)])
    top = base - ch
    draw.ellipse([cx - cw * 0.8, base - w * 0.035, cx + cw * 0.8, base + w * 0.03], fill=mix(china, (0, 0, 0), 0.12))
    draw.arc([cx + cw * 0.34, top + ch * 0.08, cx + cw * 0.72, top + ch * 0.6], -90, 90, fill=china, width=20)
    draw.chord([cx - cw / 2, top - ch, cx + cw / 2, base - w * 0.01], 0, 180, fill=china)
    for k in range(6):  # body shading, light from the left
        t = k / 6
        x0, x1 = cx - cw / 2 * (1 - t * 0.6) - cw * 0.08 * t, cx + cw / 2 * (1 - t * 0.9) - cw * 0.08 * t
        fill = mix(mix(china, (0, 0, 0), 0.18), mix(china, (255, 255, 255), 0.35), t)
        draw.chord([x0, top - ch * (1 - t * 0.1), x1, base - w * 0.01 - ch * 0.1 * t], 0, 180, fill=fill)
    drink = (70, 40, 22) if coffee else hsv(rng.uniform(0.12, 0.2), 0.7, 0.7)
    draw.ellipse([cx - cw / 2, top - ch * 0.14, cx + cw / 2, top + ch * 0.14], fill=mix(china, (0, 0, 0), 0.2))
    draw.ellipse([cx - cw * 0.45, top - ch * 0.1, cx + cw * 0.45, top + ch * 0.12], fill=drink)
    if coffee:
        draw.ellipse([cx - cw * 0.3, top - ch * 0.05, cx + cw * 0.3, top + ch * 0.07], outline=(170, 120, 70), width=8)
    for k in range(3):  # steam
        sx = cx - cw * 0.2 + k * cw * 0.2
        pts = [(sx + math.sin(t / 3 + k) * 16, top - ch * 0.25 - t * 11) for t in range(22)]
        draw.line(pts, fill=(255, 255, 255), width=7)
    for _ in range(rng.randint(6, 10)):
        x, y = w * rng.uniform(0.66, 0.9), base + w * rng.uniform(-0.03, 0.06)
        if coffee:
            a = rng.uniform(0, math.pi)
            draw.ellipse([x - 26, y - 18, x + 26, y + 18], fill=(96, 56, 30))
            dx, dy = 18 * math.cos(a), 9 * math.sin(a)
            draw.line([(x - dx, y - dy), (x + dx, y + dy)], fill=(50, 28, 14), width=5)
        else:
            leaf(draw, x, y, w * 0.08, w * 0.02, rng.uniform(-3, 0.3), hsv(rng.uniform(0.22, 0.3), 0.65, 0.55))


def mushrooms(draw, rng, w, base, name, kind):
    """Lingzhi: glossy red-brown fans with a pale growing rim on short stems."""
    caps = [(w * 0.34, base - w * 0.2, 0.9), (w * 0.64, base - w * 0.16, 0.85), (w * 0.47, base - w * 0.08, 1.0)]
    for cx, cy, k in caps:
        r = w * 0.16 * k * rng.uniform(0.9, 1.1)
        a0, a1 = 190 + rng.uniform(-12, 12), 350 + rng.uniform(-12, 12)
        root = (w / 2 + (cx - w / 2) * 0.3, base - 6)  # the stems grow from one clump
        draw.line([(cx, cy), root], fill=(120, 50, 30), width=int(r * 0.16))
        draw.pieslice([cx - r, cy - r * 0.62, cx + r, cy + r * 0.62], a0, a1, fill=(232, 206, 140))
        for ring in range(7):
            t = ring / 7
            rr = r * (0.92 - t * 0.8)
            fill = mix((150, 50, 26), (70, 18, 12), t) if ring else (120, 36, 20)
            draw.pieslice([cx - rr, cy - rr * 0.62, cx + rr, cy + rr * 0.62], a0 + 4, a1 - 4, fill=fill)
        draw.arc([cx - r * 0.6, cy - r * 0.42, cx + r * 0.3, cy + r * 0.3], 215, 260, fill=(226, 150, 120), width=10)


def sticks(draw, rng, w, base, name, kind):
    dish = rng.choice([(240, 240, 236), (60, 60, 60), (150, 100, 60)])
    draw.ellipse([w * 0.24, base - w * 0.09, w * 0.76, base + w * 0.03], fill=dish)
    colour, width = ((236, 120, 40), 9) if "trùng" in name else ((120, 60, 70), 16)
    for _ in range(45 if width < 10 else 26):
        x, y = w * rng.uniform(0.32, 0.68), base - w * rng.uniform(0.03, 0.1)
        a = rng.uniform(-1.2, 1.2) - math.pi / 2
        length = w * rng.uniform(0.05, 0.11)
        draw.line(
            [(x, y), (x + length * math.cos(a), y + length * math.sin(a) * 0.5)],
            fill=mix(colour, (255, 255, 255), rng.random() * 0.3),
            width=width,
        )
    leaf(draw, w * 0.66, base - w * 0.02, w * 0.12, w * 0.03, -0.3, (80, 140, 70))


def vase(draw, rng, w, base, name, kind):
    glaze = rng.choice([(244, 242, 232), (236, 226, 200), (150, 80, 40), (60, 100, 120)])
    paint = rng.choice([(40, 70, 150), (30, 50, 110), (150, 40, 30), (230, 200, 140)])
    vh, vw = w * rng.uniform(0.5, 0.58), w * rng.uniform(0.14, 0.18)
    y1 = base
    profile = []
    for i in range(41):
        t = i / 40  # 0 at the top
        r = vw * (0.45 + 0.55 * math.sin(math.pi * (0.15 + 0.75 * t)) ** 1.5) + vw * 0.25 * (t < 0.08)
        profile.append((r, y1 - vh + vh * t))
    poly = [(w / 2 - r, y) for r, y in profile] + [(w / 2 + r, y) for r, y in reversed(profile)]
    draw.polygon(poly, fill=glaze)
    for k in range(6):  # shading
        t = k / 6
        shade = [(w / 2 - r * (1 - t * 0.7) - vw * 0.15 * t, y) for r, y in profile[2:-1]]
        shade += [(w / 2 + r * (1 - t * 0.9) - vw * 0.15 * t, y) for r, y in reversed(profile[2:-1])]
        draw.polygon(shade, fill=mix(mix(glaze, (0, 0, 0), 0.2), mix(glaze, (255, 255, 255), 0.3), t))
    for frac in (0.28, 0.62, 0.88):  # painted bands
        r, y = profile[int(frac * 40)]
        draw.line([(w / 2 - r + 6, y), (w / 2 + r - 6, y)], fill=paint, width=10)
    r, y = profile[int(0.45 * 40)]
    for k in range(7):
        x = w / 2 - r * 0.75 + k * r * 0.25
        draw.ellipse([x - 14, y - 24, x + 14, y + 24], outline=paint, width=6)


def basket(draw, rng, w, base, name, kind):
    cane = rng.choice([(206, 160, 96), (180, 130, 70), (222, 190, 130)])
    dark = mix(cane, (0, 0, 0), 0.25)
    bw, bh = w * 0.56, w * 0.26
    x0, y0 = w / 2 - bw / 2, base - bh
    if "nón" in name:  # a conical hat lying on the table, lit from the left
        draw.polygon([(w / 2, base - w * 0.3), (x0 - bw * 0.1, base - 10), (x0 + bw * 1.1, base - 10)], fill=cane)
        draw.polygon([(w / 2, base - w * 0.3), (w / 2 + bw * 0.1, base - 10), (x0 + bw * 1.1, base - 10)], fill=dark)
        for k in range(1, 9):
            y, half = base - w * 0.3 + k * w * 0.033, bw * 0.6 * k / 9
            draw.line([(w / 2 - half, y), (w / 2 + half, y)], fill=dark, width=4)
        return
    if "khay" not in name:
        draw.arc([x0 + bw * 0.15, y0 - bh * 1.1, x0 + bw * 0.85, y0 + bh * 0.6], 180, 360, fill=cane, width=22)
    draw.polygon([(x0, y0), (x0 + bw, y0), (x0 + bw * 0.88, base), (x0 + bw * 0.12, base)], fill=cane)
    rows, ribs = 9, 16
    for row in range(rows):  # woven rows, alternately in front of and behind the ribs
        ya, yb = y0 + bh * row / rows, y0 + bh * (row + 1) / rows
        inset = bw * 0.12 * (ya - y0) / bh
        for rib in range(ribs):
            if (rib + row) % 2:
                xa = x0 + inset + (bw - 2 * inset) * rib / ribs
                draw.rectangle([xa, ya + 2, xa + (bw - 2 * inset) / ribs, yb - 2], fill=mix(cane, (0, 0, 0), 0.12))
    for rib in range(ribs + 1):
        xt, xb = x0 + bw * rib / ribs, x0 + bw * 0.12 + bw * 0.76 * rib / ribs
        draw.line([(xt, y0), (xb, base)], fill=dark, width=3)
    draw.ellipse([x0 - 8, y0 - bh * 0.16, x0 + bw + 8, y0 + bh * 0.16], outline=dark, width=16)


def fabric(draw, rng, w, base, name, kind):
    """Folded cloth, stacked, with a woven diamond motif."""
    hue = rng.random()
    fh = w * 0.085
    for i in range(4):
        colour = hsv(hue + i * 0.07, 0.65, 0.8 - i * 0.08)
        fw = w * (0.56 - i * 0.03)
        y1 = base - i * fh
        x0 = w / 2 - fw / 2 + rng.uniform(-12, 12)
        draw.rounded_rectangle([x0, y1 - fh, x0 + fw, y1], radius=26, fill=mix(colour, (0, 0, 0), 0.2))
        draw.rounded_rectangle([x0 + 6, y1 - fh, x0 + fw - 6, y1 - fh * 0.25], radius=22, fill=colour)
        motif = mix(colour, (255, 240, 200), 0.55)
        for k in range(int((fw - 40) // 44)):
            x, y = x0 + 30 + k * 44, y1 - fh * 0.6
            draw.polygon([(x, y), (x + 14, y - fh * 0.22), (x + 28, y), (x + 14, y + fh * 0.22)], fill=motif)
    draw.rectangle([w / 2 + w * 0.12, base - 4 * fh, w / 2 + w * 0.16, base], fill=(214, 170, 40))


def pot(draw, w, base, top_w, height, colour):
    draw.polygon(
        [
            (w / 2 - top_w / 2, base - height),
            (w / 2 + top_w / 2, base - height),
            (w / 2 + top_w * 0.38, base),
            (w / 2 - top_w * 0.38, base),
        ],
        fill=colour,
    )
    draw.rectangle(
        [w / 2 - top_w * 0.54, base - height - 24, w / 2 + top_w * 0.54, base - height + 8],
        fill=mix(colour, (0, 0, 0), 0.15),
    )


def flowers(draw, rng, w, base, name, kind):
    hue = rng.choice([0.0, 0.08, 0.14, 0.6, 0.75, 0.9, 0.95])
    pot_colour = rng.choice([(190, 100, 60), (240, 240, 236), (80, 90, 110)])
    top = base - w * 0.14
    heads = [(w / 2 + rng.uniform(-0.16, 0.16) * w, top - w * rng.uniform(0.12, 0.3)) for _ in range(rng.randint(5, 8))]
    for x, y in heads:
        draw.line([(w / 2 + rng.uniform(-20, 20), top), (x, y)], fill=(70, 120, 50), width=8)
    for _ in range(4):
        leaf(draw, w / 2, top - w * 0.03, w * 0.12, w * 0.025, rng.uniform(-2.8, -0.3), (70, 130, 60))
    clustered = "cẩm tú" in name
    if clustered:
        hue, heads = rng.choice([0.58, 0.66, 0.78, 0.92]), heads[:4]
    for x, y in heads:
        colour = hsv(hue + rng.uniform(-0.03, 0.03), rng.uniform(0.45, 0.75), 0.92)
        r = w * (0.055 if not clustered else 0.08)
        if clustered:
            for _ in range(40):
                px, py = x + rng.gauss(0, r * 0.45), y + rng.gauss(0, r * 0.4)
                draw.ellipse(
                    [px - 20, py - 20, px + 20, py + 20], fill=mix(colour, (255, 255, 255), rng.random() * 0.5)
                )
            continue
        for k in range(6):
            a = k * math.pi / 3 + rng.random() * 0.3
            px, py = x + math.cos(a) * r * 0.7, y + math.sin(a) * r * 0.7
            draw.ellipse([px - r * 0.55, py - r * 0.55, px + r * 0.55, py + r * 0.55], fill=colour)
        draw.ellipse([x - r * 0.35, y - r * 0.35, x + r * 0.35, y + r * 0.35], fill=(240, 200, 60))
    pot(draw, w, base, w * 0.24, w * 0.14, pot_colour)


def plant(draw, rng, w, base, name, kind):
    """A potted bonsai: a curved trunk, branches and flat foliage pads (with fruit on kumquat or apricot)."""
    top = base - w * 0.08
    crown = (w / 2 + rng.uniform(-0.05, 0.05) * w, top - w * 0.26)
    draw.line([(w / 2, top), (w / 2 - w * 0.05, top - w * 0.12), crown], fill=(100, 70, 45), width=34, joint="curve")
    fruit_colour = (240, 140, 30) if "quất" in name else (250, 210, 60) if "mai" in name else None
    pads = [(-0.17, 0.02), (0.16, -0.02), (-0.06, -0.1), (0.08, -0.14), (0.0, 0.04)]
    for dx, dy in pads:
        px, py = crown[0] + dx * w, crown[1] + dy * w
        draw.line([crown, (px, py)], fill=(100, 70, 45), width=14)
    for dx, dy in pads:
        px, py = crown[0] + dx * w, crown[1] + dy * w
        for ox in (-0.06, 0.0, 0.06):
            sphere(
                draw, px + ox * w, py + rng.uniform(-8, 8), w * 0.07, w * 0.045, hsv(rng.uniform(0.27, 0.33), 0.6, 0.55)
            )
        for _ in range(5 if fruit_colour else 0):
            sphere(draw, px + rng.uniform(-0.1, 0.1) * w, py + rng.uniform(-0.02, 0.04) * w, 18, 18, fruit_colour)
    pot(draw, w, base, w * 0.4, w * 0.08, rng.choice([(120, 60, 40), (60, 80, 100), (170, 150, 120)]))


def landscape(rng, w, h):
    """Community tourism: sky, sun, layered hills, a river and a stilt house."""
    hue = rng.uniform(0.52, 0.6)
    image = vertical_gradient(w, h, hsv(hue, 0.45, 0.95), hsv(hue - 0.45, 0.25, 0.98))
    draw = ImageDraw.Draw(image)
    sx, sy = w * rng.uniform(0.2, 0.8), h * rng.uniform(0.15, 0.3)
    for k in range(6, 0, -1):
        r = w * 0.04 * (1 + k * 0.35)
        draw.ellipse([sx - r, sy - r, sx + r, sy + r], fill=mix(hsv(0.1, 0.6, 1), hsv(hue - 0.45, 0.25, 0.98), k / 7))
    draw.ellipse([sx - w * 0.045, sy - w * 0.045, sx + w * 0.045, sy + w * 0.045], fill=(255, 226, 140))
    green = rng.uniform(0.24, 0.33)
    for layer in range(4):
        y0 = h * (0.42 + layer * 0.1)
        phase, amp = rng.uniform(0, 6), h * (0.08 - layer * 0.012)
        pts = [
            (x, y0 - amp * (0.6 * math.sin(x / w * 5 + phase) + 0.4 * math.sin(x / w * 11 + phase * 2)))
            for x in range(0, w + 40, 40)
        ]
        colour = mix(hsv(green, 0.55, 0.45 + layer * 0.08), hsv(hue, 0.2, 0.9), 0.55 - layer * 0.17)
        draw.polygon([*pts, (w, h), (0, h)], fill=colour)
        if layer == 2:  # rice terraces
            for k in range(1, 6):
                draw.line([(x, y + k * 18) for x, y in pts], fill=mix(colour, (255, 255, 200), 0.25), width=4)
    river = [
        (w * 0.5 + math.sin(t / 10) * w * 0.12 * (1 - t / 40) - w * 0.01 * t, h * 0.78 + t * h * 0.0055)
        for t in range(41)
    ]
    widths = [w * (0.02 + 0.2 * t / 40) for t in range(41)]
    draw.polygon(
        [(x - wd, y) for (x, y), wd in zip(river, widths, strict=True)]
        + [(x + wd, y) for (x, y), wd in reversed(list(zip(river, widths, strict=True)))],
        fill=hsv(hue, 0.35, 0.85),
    )
    hx, hy = w * rng.choice([0.22, 0.74]), h * 0.74
    draw.rectangle([hx - 70, hy - 40, hx + 70, hy + 30], fill=(150, 100, 60))
    draw.polygon([(hx - 100, hy - 36), (hx, hy - 120), (hx + 100, hy - 36)], fill=(110, 70, 40))
    for px in (hx - 60, hx - 10, hx + 50):
        draw.line([(px, hy + 30), (px, hy + 70)], fill=(90, 60, 40), width=10)
    return image


if __name__ == "__main__":
    import time

    samples = [
        ("Na dai Lục Nam", "I.1.a"),
        ("Bưởi da xanh Bến Tre", "I.1.a"),
        ("Mật ong rừng Huyền Sơn", "I.2.b"),
        ("Nước mắm Cái Rồng", "I.4.a"),
        ("Gạo bao thai Định Hóa", "I.2.a"),
        ("Chè Tân Cương", "I.5.a"),
        ("Cà phê Buôn Ma Thuột", "I.6"),
        ("Nấm linh chi Lục Nam", "III.1"),
        ("Gốm sứ Bát Tràng", "IV.1"),
        ("Mây tre đan Phú Vinh", "IV.1"),
        ("Hoa cẩm tú cầu Đà Lạt", "V.1"),
        ("Du lịch sinh thái Khe Rỗ", "VI"),
    ]
    sheet = Image.new("RGB", (4 * 300, 3 * 300), "white")
    sizes, elapsed = [], 0.0
    for i, (name, code) in enumerate(samples):
        start = time.perf_counter()
        data = product_image(name, code, seed=f"demo-{i}")
        elapsed += (time.perf_counter() - start) / len(samples)
        sizes.append(len(data))
        sheet.paste(Image.open(io.BytesIO(data)).resize((300, 300)), ((i % 4) * 300, (i // 4) * 300))
    sheet.save("/tmp/demo-images.png")
    print(
        f"/tmp/demo-images.png: {len(samples)} images, average {sum(sizes) / len(sizes) / 1024:.1f} KB, "
        f"max {max(sizes) / 1024:.1f} KB, {elapsed * 1000:.0f} ms each to draw"
    )


def wagtail_image(title: str, name: str, category_code: str, seed: str, size=(1200, 800)):
    """A Wagtail image drawn like a product's photo (the same name, group and seed give the same
    picture), found again by its title when the demo is loaded twice."""
    from django.core.files.images import ImageFile
    from wagtail.images import get_image_model

    Image = get_image_model()
    image = Image.objects.filter(title=title).first()
    if image is None:
        data = product_image(name, category_code, seed, size)
        image = Image(title=title, file=ImageFile(io.BytesIO(data), name=f"demo-{abs(hash(seed)) % 10**8}.jpg"))
        image.save()
    return image
