"""A synthetic newsroom for benchmarks: organizations, people, authors and articles.

Everything is generated from a seed, so two runs build the same newsroom. The text is
Vietnamese-like (own sentences in the shape of a provincial party paper: a date line,
"LSO-" leads, officials named with their positions, abbreviations introduced in
parentheses, captions, bylines), and popularity is skewed: a few people and
organizations appear in tens of thousands of articles, most in a handful.

Rows are written in bulk (PostgreSQL ``COPY``, ``executemany`` elsewhere) with ids
assigned here, so the loader needs an empty newsroom; sequences are reset afterwards.
"""

import bisect
import csv
import io
import itertools
import random
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.management.color import no_style
from django.db import connection, transaction
from django.utils import timezone
from django.utils.html import strip_tags

from newsroom.text import fold, slugify
from organizations.models import Organization, OrganizationKind, OrganizationLevel
from people.models import Author, Person, Position

from . import appearances
from .models import (
    Article,
    ArticlePhoto,
    ArticleStatus,
    Byline,
    BylineRole,
    MentionField,
    MentionOrigin,
    OrganizationAppearance,
    OrganizationMention,
    PersonAppearance,
    PersonMention,
    Section,
)

FAMILY = (
    "Hoàng Lương Lộc Vi Nông Lăng Hứa Triệu Mông Chu Nguyễn Trần Lê Phạm Hà Đinh Dương "
    "Bế Ma La Đoàn Vũ Đặng Bùi Tô Lành Hoàng Nông Lương"
).split()
MIDDLE = "Văn Thị Đức Minh Quốc Thanh Xuân Hữu Công Ngọc Thu Hồng Kim Bá Đình Trọng Mạnh".split()
GIVEN = (
    "Hùng Cường Huệ Lan Hải Thắng Tuấn Dũng Hoa Mai Quang Sơn Bình Thành Long Phúc Khánh "
    "Vinh Hạnh Thủy Nga Yến Đông Tân Kiên Trung Nam Việt Hòa Tâm Nhung Hương Linh Giang "
    "Hưng Tiến Toàn Lâm Chiến Thái Bảo Anh Tùng Phong Quân Đạt Thảo Trang Ngân Vân Liên "
    "Thịnh Lợi Nhật Hiển Quyết Chính Nghĩa Luận Duy Hậu Sinh Thư Uyên Oanh Loan Tuyết "
    "Khuê Điệp Nghiêm Nghiệm Lực Sáng Thuận Kỳ Tường Vượng Hiệp Hoàn Lịch Mừng Thêm Chuyên"
).split()
PLACE_A = "Bắc Na Cao Văn Tràng Đình Bình Hữu Chi Thất Tân Khánh Pác Tà Hồng Quỳnh Yên Trấn".split()
PLACE_B = "Khê Sơn Lương Phong Yên Lập Mỹ Thạch Hòa Lũng Nà Mạ Thượng Ninh Đồn Pặc Luông".split()
HAMLET_A = "Khuổi Nà Phiêng Bản Cốc Pò Lũng Nặm Co Pác Kéo Tổng Thâm Nà".split()
HAMLET_B = "Phặc Lầy Slằng Mạ Rạo Sliến Pán Hin Chang Đeng Mòn Pản Cáy Lạn Tẩu Mười".split()

SECTIONS = (
    "Thời sự", "Chính trị", "Kinh tế", "Xã hội", "Văn hóa", "Quốc phòng – An ninh",
    "Giáo dục", "Y tế", "Pháp luật", "Thể thao",
)  # fmt: skip

EVENTS = (
    "hội nghị sơ kết công tác 6 tháng đầu năm",
    "hội nghị tổng kết công tác năm",
    "buổi làm việc với Ban Thường vụ",
    "lễ kỷ niệm ngày thành lập",
    "hội nghị quán triệt nghị quyết",
    "đại hội đại biểu nhiệm kỳ mới",
    "buổi kiểm tra tiến độ các công trình trọng điểm",
    "hội nghị giao ban khối dân vận",
    "kỳ họp thường lệ",
    "buổi tiếp xúc cử tri",
    "lễ trao tặng huy hiệu đảng",
    "hội thảo khoa học",
    "buổi đối thoại với thanh niên",
    "lễ khánh thành nhà văn hóa thôn",
)
TOPICS = (
    "công tác xây dựng Đảng và hệ thống chính trị",
    "phát triển kinh tế cửa khẩu",
    "chương trình mục tiêu quốc gia xây dựng nông thôn mới",
    "chuyển đổi số trong cơ quan nhà nước",
    "phòng, chống thiên tai và tìm kiếm cứu nạn",
    "giảm nghèo bền vững vùng đồng bào dân tộc thiểu số",
    "bảo vệ và phát triển rừng",
    "cải cách hành chính",
    "giải phóng mặt bằng dự án cao tốc",
    "công tác tuyển quân",
    "phát triển du lịch cộng đồng",
    "bảo tồn văn hóa truyền thống",
    "chăm sóc sức khỏe ban đầu cho nhân dân",
    "sắp xếp đơn vị hành chính cấp xã",
    "thu ngân sách nhà nước",
    "xây dựng trường chuẩn quốc gia",
    "phòng, chống buôn lậu qua biên giới",
    "công tác kiểm tra, giám sát và thi hành kỷ luật đảng",
)
VERBS = (
    "làm việc với", "kiểm tra", "thăm và tặng quà", "chủ trì hội nghị của",
    "dự và chỉ đạo", "giám sát", "khảo sát thực tế tại", "tiếp đoàn công tác của",
)  # fmt: skip
FILLER = (
    "Qua đó góp phần nâng cao đời sống vật chất và tinh thần của nhân dân trên địa bàn.",
    "Các đại biểu đã thảo luận, làm rõ những khó khăn, vướng mắc và đề xuất giải pháp tháo gỡ.",
    "Năm qua, tổng thu ngân sách trên địa bàn đạt {n} tỷ đồng, vượt {p}% kế hoạch.",
    "Toàn đảng bộ hiện có {n} tổ chức cơ sở đảng với hơn {m} đảng viên.",
    "Đến nay, {p}% số thôn, bản đã có đường ô tô đến trung tâm và điện lưới quốc gia.",
    "Công tác tuyên truyền được đẩy mạnh với nhiều hình thức phong phú, "
    "phù hợp với từng đối tượng.",
    "Bên cạnh kết quả đạt được, báo cáo cũng chỉ ra một số hạn chế cần sớm khắc phục.",
    "Trong thời gian tới, đơn vị tiếp tục rà soát, bổ sung quy hoạch cán bộ theo đúng quy định.",
    "Nhiều mô hình kinh tế hiệu quả như trồng hồi, "
    "trồng quế, chăn nuôi trâu vỗ béo được nhân rộng.",
    "Tỷ lệ hộ nghèo giảm còn {p}%, thu nhập bình quân đầu người đạt {n} triệu đồng mỗi năm.",
    "Lực lượng chức năng đã phối hợp tuần tra, "
    "kiểm soát, bảo đảm an ninh trật tự khu vực biên giới.",
    "Người dân thôn {hamlet} tích cực hiến đất, góp công làm đường bê tông liên thôn.",
    "Hội nghị cũng biểu quyết thông qua chương trình công tác toàn khóa và quy chế làm việc.",
    "Dịp này, {n} tập thể và cá nhân được khen thưởng vì có thành tích xuất sắc.",
    "Các chi bộ đã thực hiện nghiêm túc việc sinh hoạt chuyên đề hằng quý.",
    "Nhân dịp này, đoàn đã trao {n} suất quà tặng các gia đình chính sách, "
    "hộ nghèo tại bản {hamlet}.",
    "Thời tiết rét đậm, rét hại kéo dài ảnh hưởng đến sản xuất vụ đông xuân của bà con.",
    "Ngành giáo dục đã huy động {p}% trẻ em trong độ tuổi đến trường.",
    "Công trình có tổng mức đầu tư {n} tỷ đồng, dự kiến hoàn thành trong quý {q}.",
    "Đoàn viên, thanh niên ra quân dọn dẹp vệ sinh môi trường, sửa chữa nhà văn hóa thôn {hamlet}.",
)
CLOSERS = (
    "đồng chí đề nghị các cấp ủy, chính quyền tiếp tục quan tâm lãnh đạo, chỉ đạo sát sao",
    "đồng chí ghi nhận, biểu dương những kết quả mà đơn vị đã đạt được",
    "đồng chí yêu cầu các ngành chức năng phối hợp chặt chẽ, hoàn thành đúng tiến độ",
    "đồng chí lưu ý cần làm tốt công tác tư tưởng, tạo sự đồng thuận trong nhân dân",
    "đồng chí nhấn mạnh vai trò nêu gương của cán bộ, đảng viên, nhất là người đứng đầu",
)
CAPTIONS = (
    "phát biểu tại {event}",
    "trao quà cho các hộ gia đình khó khăn",
    "kiểm tra thực tế tại công trình",
    "trao đổi với cán bộ, nhân dân {place}",
    "thăm mô hình sản xuất của người dân",
)
TIMES = ("Sáng nay", "Chiều nay", "Sáng qua", "Chiều qua", "Ngày", "Trong hai ngày")
SOURCES = ("Theo TTXVN", "Theo Báo Nhân Dân", "Theo VOV", "")
_ROOT = object()


@dataclass
class OrgNode:
    id: int
    name: str
    kind: str
    level: str
    parent: "OrgNode | None" = None
    short_name: str = ""
    abbreviation: str = ""
    aliases: str = ""
    founded_on: date | None = None
    dissolved_on: date | None = None
    successor: "OrgNode | None" = None
    weight: float = 1.0
    path: str = ""
    depth: int = 0
    children: list = field(default_factory=list)

    @property
    def label(self) -> str:
        return self.short_name or self.name


@dataclass
class PositionRow:
    id: int
    person_id: int
    organization: OrgNode
    title: str
    started_on: date | None
    ended_on: date | None
    order: int

    def held_on(self, day: date) -> bool:
        return (self.started_on is None or self.started_on <= day) and (
            self.ended_on is None or self.ended_on >= day
        )


@dataclass
class Sizes:
    articles: int = 200_000
    people: int = 10_000
    organizations: int = 2_000
    authors: int = 80
    start: date = date(2014, 1, 1)
    end: date = date(2026, 6, 30)


class SyntheticNewsroom:
    """Builds the newsroom; ``build()`` writes it through ``write`` (a table writer)."""

    def __init__(self, sizes: Sizes, seed: int = 20200522, progress=None):
        self.sizes = sizes
        self.random = random.Random(seed)
        self.progress = progress or (lambda message: None)
        self.now = timezone.now()
        self.orgs: list[OrgNode] = []
        self.names_used: set[str] = set()

    # -- organizations ---------------------------------------------------------------

    def _org(self, name, kind, level, parent=_ROOT, **fields) -> OrgNode | None:
        """A new node, or None when the newsroom is full or the parent could not be made."""
        if len(self.orgs) >= self.sizes.organizations or parent is None:
            return None
        if parent is _ROOT:
            parent = None
        node = OrgNode(len(self.orgs) + 1, name, kind, level, parent=parent, **fields)
        node.path = f"{parent.path if parent else '/'}{node.id}/"
        node.depth = node.path.count("/") - 2
        if parent:
            parent.children.append(node)
        self.orgs.append(node)
        return node

    def _place_names(self, count: int, used: set[str]) -> list[str]:
        names = []
        pairs = list(itertools.product(PLACE_A, PLACE_B))
        self.random.shuffle(pairs)
        for first, second in pairs:
            name = f"{first} {second}"
            if name not in used:
                used.add(name)
                names.append(name)
            if len(names) == count:
                break
        return names

    def build_organizations(self):
        K, L = OrganizationKind, OrganizationLevel
        reform = date(2025, 7, 1)
        used_places: set[str] = set()
        central = self._org(
            "Ban Chấp hành Trung ương Đảng", K.CENTRAL_BODY, L.CENTRAL, abbreviation="BCH TƯ",
            weight=30,
        )  # fmt: skip
        for name, abbreviation in (("Bộ Chính trị", ""), ("Ban Bí thư", ""),
                                   ("Ủy ban Kiểm tra Trung ương", "UBKT TƯ")):  # fmt: skip
            self._org(name, K.CENTRAL_BODY, L.CENTRAL, central, abbreviation=abbreviation, weight=8)
        province = self._org(
            "Ban Chấp hành Đảng bộ tỉnh", K.PROVINCIAL_COMMITTEE, L.PROVINCE, central,
            short_name="Tỉnh ủy", aliases="Tỉnh ủy\nĐảng bộ tỉnh", weight=400,
        )  # fmt: skip
        for name, abbreviation in (
            ("Ban Thường vụ Tỉnh ủy", "BTV"), ("Ủy ban Kiểm tra Tỉnh ủy", "UBKT"),
            ("Ban Tổ chức Tỉnh ủy", ""), ("Ban Nội chính Tỉnh ủy", ""),
            ("Văn phòng Tỉnh ủy", ""),
        ):  # fmt: skip
            self._org(name, K.PARTY_BOARD, L.PROVINCE, province, abbreviation=abbreviation,
                      weight=25)  # fmt: skip
        merged_board = None
        for name in ("Ban Tuyên giáo Tỉnh ủy", "Ban Dân vận Tỉnh ủy"):
            old = self._org(name, K.PARTY_BOARD, L.PROVINCE, province,
                            dissolved_on=date(2025, 2, 28), weight=20)  # fmt: skip
            if merged_board is None:
                merged_board = self._org(
                    "Ban Tuyên giáo và Dân vận Tỉnh ủy", K.PARTY_BOARD, L.PROVINCE, province,
                    founded_on=date(2025, 3, 1), weight=10,
                )  # fmt: skip
            if old and merged_board:
                old.successor = merged_board
        blocs = []
        for name, abbreviation, successor_name in (
            ("Đảng ủy Khối các cơ quan tỉnh", "KCCQ", "Đảng ủy các cơ quan Đảng tỉnh"),
            ("Đảng ủy Khối Doanh nghiệp tỉnh", "KDN", "Đảng ủy Ủy ban nhân dân tỉnh"),
        ):
            bloc = self._org(
                name, K.BLOC_COMMITTEE, L.DISTRICT, province, abbreviation=abbreviation,
                short_name=f"Đảng ủy {abbreviation} tỉnh",
                aliases=f"Đảng bộ {abbreviation} tỉnh\n{name.replace('Đảng ủy', 'Đảng bộ')}",
                dissolved_on=date(2025, 1, 31), weight=60,
            )  # fmt: skip
            new = self._org(
                successor_name, K.BLOC_COMMITTEE, L.DISTRICT, province,
                founded_on=date(2025, 2, 1), weight=20,
            )  # fmt: skip
            if bloc:
                bloc.successor = new
                blocs.append(bloc)
        for bloc in blocs:
            for number in range(1, 9):
                unit = self._org(
                    f"Đảng bộ cơ quan số {number} thuộc {bloc.short_name}", K.GRASSROOTS_COMMITTEE,
                    L.GRASSROOTS, bloc, weight=2,
                )  # fmt: skip
                for cell in range(1, 3):
                    self._org(f"Chi bộ {cell} của {unit.name if unit else ''}", K.PARTY_CELL,
                              L.GRASSROOTS, unit, weight=0.5)  # fmt: skip
        districts = []
        for place in self._place_names(11, used_places):
            district = self._org(
                f"Huyện ủy {place}", K.DISTRICT_COMMITTEE, L.DISTRICT, province,
                aliases=f"Đảng bộ huyện {place}", dissolved_on=reform - timedelta(days=1),
                weight=40,
            )  # fmt: skip
            if district:
                districts.append((district, place))
        communes = []
        commune_places: set[str] = set(used_places)
        for district, place in districts:
            self._org(f"Ủy ban Kiểm tra Huyện ủy {place}", K.PARTY_BOARD, L.DISTRICT, district,
                      dissolved_on=reform - timedelta(days=1), weight=3)  # fmt: skip
            self._org(f"Ban Tổ chức Huyện ủy {place}", K.PARTY_BOARD, L.DISTRICT, district,
                      dissolved_on=reform - timedelta(days=1), weight=3)  # fmt: skip
            for index, commune_place in enumerate(self._place_names(18, commune_places)):
                label = "thị trấn" if index == 0 else "xã"
                commune = self._org(
                    f"Đảng ủy {label} {commune_place}", K.COMMUNE_COMMITTEE, L.COMMUNE,
                    district, aliases=f"Đảng bộ {label} {commune_place}",
                    dissolved_on=reform - timedelta(days=1), weight=4,
                )  # fmt: skip
                if not commune:
                    break
                communes.append((commune, commune_place))
                for _ in range(self.random.choice((2, 3))):
                    hamlet = self._hamlet()
                    self._org(f"Chi bộ thôn {hamlet}", K.PARTY_CELL, L.GRASSROOTS, commune,
                              weight=0.5)  # fmt: skip
        # 1/7/2025: the districts end; merged communes report straight to the Tỉnh ủy.
        self.random.shuffle(communes)
        for start in range(0, len(communes) - 2, 3):
            group = communes[start : start + 3]
            place = group[0][1]
            merged = self._org(
                f"Đảng ủy xã {place} (mới)", K.COMMUNE_COMMITTEE, L.COMMUNE, province,
                aliases=f"Đảng bộ xã {place}", founded_on=reform, weight=6,
            )  # fmt: skip
            if not merged:
                break
            for old, _ in group:
                old.successor = merged
        council = self._org("Hội đồng nhân dân tỉnh", K.PEOPLES_COUNCIL, L.PROVINCE,
                            short_name="HĐND tỉnh", abbreviation="HĐND", weight=150)  # fmt: skip
        committee = self._org("Ủy ban nhân dân tỉnh", K.PEOPLES_COMMITTEE, L.PROVINCE,
                              short_name="UBND tỉnh", abbreviation="UBND", weight=200)  # fmt: skip
        self._org("Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", K.FATHERLAND_FRONT, L.PROVINCE,
                  short_name="Ủy ban MTTQ tỉnh", abbreviation="MTTQ", weight=40)  # fmt: skip
        for name in ("Ban Pháp chế", "Ban Kinh tế – Ngân sách", "Ban Văn hóa – Xã hội",
                     "Ban Dân tộc"):  # fmt: skip
            self._org(f"{name} HĐND tỉnh", K.PEOPLES_COUNCIL, L.PROVINCE, council, weight=5)
        for name, abbreviation in (
            ("Sở Giáo dục và Đào tạo", "Sở GD&ĐT"), ("Sở Y tế", ""), ("Sở Tài chính", ""),
            ("Sở Nông nghiệp và Môi trường", ""), ("Sở Xây dựng", ""), ("Sở Công Thương", ""),
            ("Sở Nội vụ", ""), ("Sở Tư pháp", ""), ("Sở Văn hóa, Thể thao và Du lịch", ""),
            ("Sở Khoa học và Công nghệ", ""), ("Sở Dân tộc và Tôn giáo", ""),
            ("Thanh tra tỉnh", ""), ("Sở Ngoại vụ", ""),
        ):  # fmt: skip
            department = self._org(name, K.STATE_DEPARTMENT, L.PROVINCE, committee,
                                   abbreviation=abbreviation, weight=12)  # fmt: skip
            for unit in ("Văn phòng", "Phòng Kế hoạch – Tài chính", "Thanh tra"):
                self._org(f"{unit} {name}", K.STATE_DEPARTMENT, L.PROVINCE, department, weight=1)
        for _, place in districts:
            people_council = self._org(
                f"Hội đồng nhân dân huyện {place}", K.PEOPLES_COUNCIL, L.DISTRICT, council,
                short_name=f"HĐND huyện {place}", dissolved_on=reform - timedelta(days=1),
                weight=8,
            )  # fmt: skip
            people_committee = self._org(
                f"Ủy ban nhân dân huyện {place}", K.PEOPLES_COMMITTEE, L.DISTRICT, committee,
                short_name=f"UBND huyện {place}", dissolved_on=reform - timedelta(days=1),
                weight=10,
            )  # fmt: skip
            for unit in ("Phòng Giáo dục và Đào tạo", "Phòng Tài chính – Kế hoạch",
                         "Phòng Nông nghiệp", "Phòng Văn hóa và Thông tin"):  # fmt: skip
                self._org(f"{unit} huyện {place}", K.STATE_DEPARTMENT, L.DISTRICT,
                          people_committee, weight=1)  # fmt: skip
            del people_council
        for name, abbreviation in (
            ("Hội Nông dân tỉnh", ""), ("Hội Liên hiệp Phụ nữ tỉnh", "Hội LHPN tỉnh"),
            ("Tỉnh đoàn", ""), ("Hội Cựu chiến binh tỉnh", "Hội CCB tỉnh"),
            ("Liên đoàn Lao động tỉnh", "LĐLĐ tỉnh"),
        ):  # fmt: skip
            self._org(name, K.MASS_ORGANIZATION, L.PROVINCE, abbreviation=abbreviation, weight=15)
        # Fill up to the requested size with more party cells in the communes.
        grassroots = [node for node in self.orgs if node.kind == K.COMMUNE_COMMITTEE] or [province]
        while len(self.orgs) < self.sizes.organizations:
            parent = self.random.choice(grassroots)
            self._org(f"Chi bộ bản {self._hamlet()}", K.PARTY_CELL, L.GRASSROOTS, parent,
                      weight=0.3)  # fmt: skip
        self.province = province

    def _hamlet(self) -> str:
        return f"{self.random.choice(HAMLET_A)} {self.random.choice(HAMLET_B)}"

    # -- people and positions -----------------------------------------------------------

    def _name(self) -> str:
        for _ in range(1000):
            given = self.random.choice(GIVEN)
            if self.random.random() < 0.15:
                given = f"{self.random.choice(GIVEN)} {given}"
            name = f"{self.random.choice(FAMILY)} {self.random.choice(MIDDLE)} {given}"
            if name not in self.names_used:
                self.names_used.add(name)
                return name
        name = f"{name} {len(self.names_used)}"
        self.names_used.add(name)
        return name

    def _titles_for(self, org: OrgNode) -> tuple[str, ...]:
        K = OrganizationKind
        return {
            K.PROVINCIAL_COMMITTEE: ("Bí thư", "Phó Bí thư Thường trực", "Phó Bí thư",
                                     "Ủy viên Ban Thường vụ", "Tỉnh ủy viên"),
            K.DISTRICT_COMMITTEE: ("Bí thư", "Phó Bí thư", "Ủy viên Ban Thường vụ"),
            K.COMMUNE_COMMITTEE: ("Bí thư", "Phó Bí thư"),
            K.BLOC_COMMITTEE: ("Bí thư", "Phó Bí thư"),
            K.GRASSROOTS_COMMITTEE: ("Bí thư",),
            K.PARTY_CELL: ("Bí thư",),
            K.PARTY_BOARD: ("Trưởng", "Phó Trưởng"),
            K.PEOPLES_COUNCIL: ("Chủ tịch", "Phó Chủ tịch", "Trưởng ban"),
            K.PEOPLES_COMMITTEE: ("Chủ tịch", "Phó Chủ tịch"),
            K.FATHERLAND_FRONT: ("Chủ tịch", "Phó Chủ tịch"),
            K.MASS_ORGANIZATION: ("Chủ tịch", "Phó Chủ tịch"),
            K.STATE_DEPARTMENT: ("Giám đốc", "Phó Giám đốc"),
            K.CENTRAL_BODY: ("Ủy viên",),
        }.get(org.kind, ("Cán bộ",))  # fmt: skip

    def build_people(self):
        """People in popularity order: person 1 is the most written about."""
        count = self.sizes.people
        self.people = [(index + 1, self._name()) for index in range(count)]
        self.positions: list[PositionRow] = []
        self.positions_by_person: dict[int, list[PositionRow]] = {}
        orgs_by_weight = sorted(self.orgs, key=lambda node: -node.weight)
        top = orgs_by_weight[:12]
        for person_id, _ in self.people:
            rows = []
            if person_id <= 60:
                # The leaders: a top organization, terms that change every five years.
                org = top[(person_id - 1) % len(top)]
                title = self._titles_for(org)[(person_id - 1) // len(top) % len(
                    self._titles_for(org))]  # fmt: skip
                term_start = date(2015 + 5 * ((person_id - 1) // 30), 10, 1)
                rows.append((org, title, term_start, term_start + timedelta(days=5 * 365), 0))
                second = top[(person_id + 3) % len(top)]
                rows.append((second, self._titles_for(second)[-1], term_start, None, 1))
            else:
                for order in range(self.random.choice((1, 1, 2, 3))):
                    org = self.random.choice(self.orgs)
                    start = self.sizes.start + timedelta(days=self.random.randrange(0, 3600))
                    end = start + timedelta(days=self.random.randrange(700, 3000))
                    rows.append((org, self.random.choice(self._titles_for(org)), start,
                                 end if end < self.sizes.end else None, order))  # fmt: skip
            for org, title, start, end, order in rows:
                position = PositionRow(len(self.positions) + 1, person_id, org, title, start, end,
                                       order)  # fmt: skip
                self.positions.append(position)
                rows_for = self.positions_by_person.setdefault(person_id, [])
                rows_for.append(position)
        # Zipf-like popularity: weight 1/rank, so person 1 is in ~10% of all mentions.
        self.person_cumulative = list(itertools.accumulate(1 / (rank + 1) for rank in range(count)))
        self.org_list = self.orgs
        self.org_cumulative = list(itertools.accumulate(node.weight for node in self.orgs))
        self.authors = []
        pen_names: set[str] = set()
        while len(self.authors) < self.sizes.authors:
            name = f"{self.random.choice(MIDDLE + GIVEN)} {self.random.choice(GIVEN)}"
            if name not in pen_names:
                pen_names.add(name)
                self.authors.append((len(self.authors) + 1, name))

    def _pick_people(self, k: int) -> list[int]:
        total = self.person_cumulative[-1]
        chosen: list[int] = []
        while len(chosen) < k:
            index = bisect.bisect(self.person_cumulative, self.random.random() * total)
            person_id = min(index, len(self.people) - 1) + 1
            if person_id not in chosen:
                chosen.append(person_id)
        return chosen

    def _pick_orgs(self, k: int) -> list[OrgNode]:
        total = self.org_cumulative[-1]
        chosen: list[OrgNode] = []
        while len(chosen) < k:
            index = bisect.bisect(self.org_cumulative, self.random.random() * total)
            node = self.org_list[min(index, len(self.org_list) - 1)]
            if node not in chosen:
                chosen.append(node)
        return chosen

    # -- articles -----------------------------------------------------------------------

    def _number(self, text: str) -> str:
        return text.format(
            n=self.random.randrange(3, 900),
            m=f"{self.random.randrange(1, 30)}.{self.random.randrange(100, 999)}",
            p=f"{self.random.randrange(10, 99)},{self.random.randrange(0, 99)}",
            q=self.random.choice(("I", "II", "III", "IV")),
            hamlet=self._hamlet(),
        )

    def _org_mention_text(self, org: OrgNode) -> str:
        if org.abbreviation and self.random.random() < 0.5 and " tỉnh" in org.name:
            head, _, tail = org.name.rpartition(" tỉnh")
            return f"{head} ({org.abbreviation}) tỉnh{tail}"
        return org.name

    def article(self, day: date, person_ids: list[int], orgs: list[OrgNode]):
        rnd = self.random
        names = dict(self.people[pid - 1] for pid in person_ids) if person_ids else {}
        held = {
            pid: [p for p in self.positions_by_person.get(pid, []) if p.held_on(day)]
            for pid in person_ids
        }

        def described(pid: int) -> str:
            positions = sorted(held[pid], key=lambda p: p.order)
            titles = ", ".join(f"{p.title} {p.organization.label}" for p in positions)
            return f"{names[pid]}, {titles}" if titles else names[pid]

        main_org = orgs[0]
        event = rnd.choice(EVENTS)
        topic = rnd.choice(TOPICS)
        lead_person = person_ids[0] if person_ids else None
        if lead_person and rnd.random() < 0.5:
            title = f"Đồng chí {names[lead_person]} {rnd.choice(VERBS)} {main_org.label}"
        else:
            title = f"{main_org.label} tổ chức {event} về {topic}"
        when = rnd.choice(TIMES)
        lead = f"LSO-{when} ({day.day}/{day.month}), " if when != "Ngày" else (
            f"LSO-Ngày {day.day}/{day.month}, ")  # fmt: skip
        if lead_person:
            lead += f"đồng chí {described(lead_person)} đã {rnd.choice(VERBS)} "
        lead += f"{self._org_mention_text(main_org)} về {topic}."
        paragraphs = []
        for index in range(rnd.randrange(5, 11)):
            sentences = []
            if index < len(person_ids) and index > 0:
                pid = person_ids[index]
                sentences.append(
                    f"Tham dự có đồng chí {described(pid)}; đại diện lãnh đạo "
                    f"{self._org_mention_text(rnd.choice(orgs))}."
                )
            if index < len(orgs):
                sentences.append(
                    f"Theo báo cáo của {self._org_mention_text(orgs[index])}, {topic} "
                    f"đạt nhiều kết quả tích cực."
                )
            for _ in range(rnd.randrange(2, 5)):
                sentences.append(self._number(rnd.choice(FILLER)))
            if index == 3 and lead_person:
                closer = rnd.choice(CLOSERS)
                sentences.append(f"Phát biểu kết luận, {closer}.")
            paragraphs.append(" ".join(sentences))
        caption_people = []
        caption = ""
        if rnd.random() < 0.7:
            shown = lead_person if lead_person and rnd.random() < 0.8 else self._pick_people(1)[0]
            caption_people = [shown]
            if shown not in names:
                names[shown] = self.people[shown - 1][1]
                held[shown] = [p for p in self.positions_by_person.get(shown, []) if p.held_on(day)]
            place = f"thôn {self._hamlet()}"
            caption = f"Đồng chí {described(shown)} " + rnd.choice(CAPTIONS).format(
                event=event, place=place
            )
        body = "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)
        return title, lead, body, caption, caption_people

    def build(self, write, batch: int = 5000):
        self.progress("Tổ chức, nhân vật, tác giả…")
        self.build_organizations()
        self.build_people()
        rnd = self.random
        now = self.now
        write(Section, [
            {"id": i + 1, "name": name, "slug": slugify(name), "order": i, "is_active": True,
             "description": ""}
            for i, name in enumerate(SECTIONS)
        ])  # fmt: skip
        write(Organization, [
            {"id": o.id, "name": o.name, "slug": f"{slugify(o.name)[:240]}-{o.id}",
             "short_name": o.short_name, "abbreviation": o.abbreviation, "aliases": o.aliases,
             "kind": o.kind, "level": o.level, "parent_id": o.parent.id if o.parent else None,
             "successor_id": o.successor.id if o.successor else None,
             "founded_on": o.founded_on, "dissolved_on": o.dissolved_on, "description": "",
             "order": 0, "path": o.path, "depth": o.depth,
             "search_name": "\n".join(fold(n) for n in [o.name, o.short_name, o.abbreviation,
                                                         *o.aliases.splitlines()] if n),
             "created_at": now, "updated_at": now}
            for o in self.orgs
        ])  # fmt: skip
        write(Person, [
            {"id": pid, "full_name": name, "slug": f"{slugify(name)}-{pid}", "aliases": "",
             "portrait": "", "bio": "", "birth_year": 1960 + pid % 30, "search_name": fold(name),
             "created_at": now, "updated_at": now}
            for pid, name in self.people
        ])  # fmt: skip
        write(Position, [
            {"id": p.id, "person_id": p.person_id, "organization_id": p.organization.id,
             "title": p.title, "started_on": p.started_on, "ended_on": p.ended_on,
             "term": "", "order": p.order, "search_title": fold(p.title)}
            for p in self.positions
        ])  # fmt: skip
        write(Author, [
            {"id": aid, "name": name, "slug": f"{slugify(name)}-{aid}", "bio": "", "photo": "",
             "search_name": fold(name), "user_id": None}
            for aid, name in self.authors
        ])  # fmt: skip
        span = (self.sizes.end - self.sizes.start).days
        days = sorted(
            self.sizes.start + timedelta(days=rnd.randrange(span + 1))
            for _ in range(self.sizes.articles)
        )
        photo_id = 0
        people_link_id = 0
        mention_id = org_mention_id = byline_id = 0
        for first in range(0, self.sizes.articles, batch):
            articles, photos, photo_people, mentions, org_mentions, bylines = [], [], [], [], [], []
            for offset, day in enumerate(days[first : first + batch]):
                article_id = first + offset + 1
                person_ids = self._pick_people(rnd.choice((0, 1, 1, 2, 2, 3, 4)))
                orgs = self._pick_orgs(rnd.choice((1, 1, 2, 2, 3)))
                title, lead, body, caption, caption_people = self.article(day, person_ids, orgs)
                roll = rnd.random()
                status = (
                    ArticleStatus.DRAFT if roll < 0.02 else ArticleStatus.REVIEW
                    if roll < 0.04 else ArticleStatus.UNPUBLISHED if roll < 0.05
                    else ArticleStatus.PUBLISHED
                )  # fmt: skip
                moment = timezone.make_aware(
                    datetime.combine(day, time(rnd.randrange(6, 22), rnd.randrange(60)))
                )
                published_at = None if status in (ArticleStatus.DRAFT, ArticleStatus.REVIEW) else (
                    moment)  # fmt: skip
                articles.append({
                    "id": article_id, "title": title,
                    "slug": f"{slugify(title, max_length=160)}-{article_id}",
                    "dateline_code": "LSO", "lead": lead, "body": body,
                    "section_id": rnd.randrange(len(SECTIONS)) + 1, "status": status,
                    "published_at": published_at,
                    "source_line": rnd.choice(SOURCES) if rnd.random() < 0.1 else "",
                    "created_at": moment - timedelta(hours=3), "updated_at": moment,
                    "version": 1,
                    "search_document": fold("\n".join([title, lead, strip_tags(body)])),
                })  # fmt: skip
                for position, pid in enumerate(person_ids):
                    mention_id += 1
                    mentions.append({
                        "id": mention_id, "article_id": article_id, "person_id": pid,
                        "origin": MentionOrigin.DETECTED, "confirmed": rnd.random() < 0.92,
                        "field": MentionField.LEAD if position == 0 else MentionField.BODY,
                        "span_text": self.people[pid - 1][1], "span_start": None,
                        "created_at": moment,
                    })  # fmt: skip
                for node in orgs:
                    org_mention_id += 1
                    org_mentions.append({
                        "id": org_mention_id, "article_id": article_id,
                        "organization_id": node.id, "origin": MentionOrigin.DETECTED,
                        "confirmed": rnd.random() < 0.95, "field": MentionField.BODY,
                        "span_text": node.name[:300], "span_start": None, "created_at": moment,
                    })  # fmt: skip
                if caption:
                    photo_id += 1
                    photos.append({"id": photo_id, "article_id": article_id, "photo_id": None,
                                   "caption": caption, "credit": "", "order": 0})  # fmt: skip
                    for pid in caption_people:
                        people_link_id += 1
                        photo_people.append({"id": people_link_id, "articlephoto_id": photo_id,
                                             "person_id": pid})  # fmt: skip
                for order, (aid, _) in enumerate(rnd.sample(self.authors, rnd.choice((1, 1, 2)))):
                    byline_id += 1
                    bylines.append({"id": byline_id, "article_id": article_id, "author_id": aid,
                                    "role": BylineRole.TEXT, "order": order})  # fmt: skip
            write(Article, articles)
            write(PersonMention, mentions)
            write(OrganizationMention, org_mentions)
            write(ArticlePhoto, photos)
            write(ArticlePhoto.people.through, photo_people)
            write(Byline, bylines)
            self.progress(f"{min(first + batch, self.sizes.articles):,} bài viết")


class TableWriter:
    """Writes dict rows into a model's table: ``COPY`` on PostgreSQL, ``executemany`` elsewhere."""

    def __init__(self):
        self.models = []

    def __call__(self, model, rows):
        if not rows:
            return
        if model not in self.models:
            self.models.append(model)
        fields = [f for f in model._meta.concrete_fields]
        columns = [f.column for f in fields]
        values = []
        for row in rows:
            record = []
            for f in fields:
                value = row[f.attname] if f.attname in row else f.get_default()
                record.append(f.get_db_prep_save(value, connection))
            values.append(record)
        table = connection.ops.quote_name(model._meta.db_table)
        column_sql = ", ".join(connection.ops.quote_name(c) for c in columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                buffer = io.StringIO()
                writer = csv.writer(buffer)
                for record in values:
                    writer.writerow(["\\N" if v is None else v for v in record])
                buffer.seek(0)
                cursor.copy_expert(
                    f"COPY {table} ({column_sql}) FROM STDIN WITH (FORMAT csv, NULL '\\N')", buffer
                )
            else:
                marks = ", ".join(["%s"] * len(columns))
                cursor.executemany(f"INSERT INTO {table} ({column_sql}) VALUES ({marks})", values)

    def reset_sequences(self):
        statements = connection.ops.sequence_reset_sql(no_style(), self.models)
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def build_newsroom(sizes: Sizes, seed: int = 20200522, progress=None, analyze: bool = True) -> None:
    """Build the whole synthetic newsroom into the default database (which must be empty).

    With ``analyze`` (outside a transaction), PostgreSQL then vacuums and analyzes the tables:
    statistics for the planner and the search, a visibility map for index-only scans.
    """
    writer = TableWriter()
    with transaction.atomic(), appearances.paused(connection):
        SyntheticNewsroom(sizes, seed=seed, progress=progress).build(writer)
        writer.reset_sequences()
        if progress:
            progress("Nhân vật, tổ chức trong từng bài…")
    if analyze and connection.vendor == "postgresql":
        if progress:
            progress("VACUUM ANALYZE…")
        # VACUUM cannot run inside a transaction (a test); ANALYZE alone can.
        command = "ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE"
        with connection.cursor() as cursor:
            for model in [*writer.models, PersonAppearance, OrganizationAppearance]:
                cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")
