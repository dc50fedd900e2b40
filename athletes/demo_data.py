"""Demo and benchmark people (pure): realistic Vietnamese names from a seeded generator.

Surname shares follow the commonly cited distribution (Nguyễn about 38 %, Trần 11 %, Lê 9.5 %...),
which is what makes "nguyen" the hard case for search: tens of thousands of matches.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

SURNAMES = [
    ("Nguyễn", 38),
    ("Trần", 11),
    ("Lê", 9.5),
    ("Phạm", 7),
    ("Hoàng", 5),
    ("Huỳnh", 4),
    ("Phan", 4.5),
    ("Vũ", 3.9),
    ("Võ", 3),
    ("Đặng", 2.1),
    ("Bùi", 2),
    ("Đỗ", 1.4),
    ("Hồ", 1.3),
    ("Ngô", 1.3),
    ("Dương", 1),
    ("Lý", 0.5),
    ("Đinh", 0.8),
    ("Trương", 0.9),
]
MIDDLE = [
    "Văn",
    "Thị",
    "Hữu",
    "Minh",
    "Ngọc",
    "Đức",
    "Thanh",
    "Quang",
    "Hoàng",
    "Xuân",
    "Thu",
    "Kim",
    "Gia",
    "Bảo",
    "Anh",
    "Công",
    "Thành",
    "Phương",
]
GIVEN = [
    "An",
    "Anh",
    "Bình",
    "Châu",
    "Cường",
    "Dũng",
    "Đạt",
    "Đức",
    "Giang",
    "Hà",
    "Hải",
    "Hạnh",
    "Hiếu",
    "Hoa",
    "Hùng",
    "Hương",
    "Huy",
    "Khánh",
    "Khoa",
    "Lan",
    "Linh",
    "Long",
    "Mai",
    "Minh",
    "Nam",
    "Nga",
    "Ngọc",
    "Nhung",
    "Phong",
    "Phúc",
    "Phương",
    "Quân",
    "Quang",
    "Sơn",
    "Tâm",
    "Thảo",
    "Thắng",
    "Thủy",
    "Trang",
    "Trung",
    "Tuấn",
    "Tú",
    "Việt",
    "Vy",
    "Yến",
    "Ánh",
    "Đào",
    "Uyên",
    "Ý",
    "Lâm",
]
TEAMS = [
    ("Đội tuyển Taekwondo Thành phố", "city"),
    ("Đội trẻ Karate Thành phố", "city_youth"),
    ("Đội năng khiếu Vovinam", "talent"),
    ("Đội tuyển Pencak Silat Thành phố", "city"),
    ("Đội tuyển Wushu Thành phố", "city"),
    ("Đội trẻ Nhảy cầu", "city_youth"),
]


@dataclass(frozen=True, slots=True)
class DemoPerson:
    full_name: str
    birth_date: date
    gender: str
    national_id: str
    team_index: int


def people(count: int, seed: int = 2026) -> Iterator[DemoPerson]:
    """``count`` distinct-ID people; the same seed gives the same people."""
    rng = random.Random(seed)
    names, weights = zip(*SURNAMES, strict=False)
    for i in range(count):
        gender = rng.choice("MF")
        middle = "Thị" if gender == "F" and rng.random() < 0.5 else rng.choice(MIDDLE)
        given = " ".join(rng.sample(GIVEN, 1 if rng.random() < 0.8 else 2))
        birth = date(1985, 1, 1) + timedelta(days=rng.randrange(365 * 24))
        # CCCD: 3-digit province (079 = Ho Chi Minh City), century/gender digit, 2-digit year, 6 digits.
        century = (0 if birth.year < 2000 else 2) + (1 if gender == "F" else 0)
        nid = f"079{century}{birth.year % 100:02d}{i:06d}"
        yield DemoPerson(f"{rng.choices(names, weights)[0]} {middle} {given}", birth, gender, nid, rng.randrange(len(TEAMS)))
