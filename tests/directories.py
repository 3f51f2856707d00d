"""Directories of people and organizations for the linking tests, built with the factories.

``seed_directory()`` holds what the sample article in ../shared/seed names; load it
into a development database with::

    DJANGO_DEBUG=1 .venv/bin/python manage.py shell -c \\
        "from tests.directories import seed_directory; seed_directory()"

``corpus_directory()`` holds the people and organizations of tests/corpus/, our own
articles. Names of people there are invented.
"""

from organizations.models import OrganizationKind as Kind
from organizations.models import OrganizationLevel as Level

from .factories import day, make_organization, make_person, make_position


def _org(name, parent=None, kind=Kind.OTHER, level=Level.PROVINCE, **fields):
    return make_organization(name, parent=parent, kind=kind, level=level, **fields)


def seed_directory() -> dict:
    """The people and organizations the seed article names, and one decoy that differs
    from its official only by a tone mark."""
    central = _org("Ban Chấp hành Trung ương Đảng", kind=Kind.CENTRAL_BODY, level=Level.CENTRAL)
    politburo = _org("Bộ Chính trị", central, Kind.CENTRAL_BODY, Level.CENTRAL)
    province = _org(
        "Tỉnh ủy Lạng Sơn",
        central,
        Kind.PROVINCIAL_COMMITTEE,
        short_name="Tỉnh ủy",
        aliases="Ban Chấp hành Đảng bộ tỉnh",
    )
    council = _org(
        "Hội đồng nhân dân tỉnh Lạng Sơn",
        kind=Kind.PEOPLES_COUNCIL,
        short_name="HĐND tỉnh",
        abbreviation="HĐND",
        aliases="HĐND tỉnh Lạng Sơn",
    )
    bloc = _org(
        "Đảng ủy Khối các cơ quan tỉnh",
        province,
        Kind.BLOC_COMMITTEE,
        abbreviation="KCCQ",
        dissolved_on=day("31/01/2025"),
    )
    district = _org(
        "Huyện ủy Cao Lộc",
        province,
        Kind.DISTRICT_COMMITTEE,
        Level.DISTRICT,
        dissolved_on=day("30/06/2025"),
    )
    town = _org(
        "Đảng bộ thị trấn Đồng Đăng",
        district,
        Kind.COMMUNE_COMMITTEE,
        Level.COMMUNE,
        dissolved_on=day("30/06/2025"),
    )
    cell = _org(
        "Chi bộ Phòng Giáo dục và Đào tạo huyện Cao Lộc",
        district,
        Kind.PARTY_CELL,
        Level.GRASSROOTS,
        aliases="Chi bộ Phòng Giáo dục và Đào tạo huyện",
    )
    official = make_person("Hoàng Văn Nghiệm")
    deputy = make_position(official, province, "Phó Bí thư Thường trực", term="2020–2025", order=1)
    chair = make_position(official, council, "Chủ tịch", term="2021–2026", order=2)
    decoy = make_person("Hoàng Văn Nghiêm")
    decoy_post = make_position(decoy, district, "Ủy viên Ban Thường vụ", order=1)
    return {
        "central": central,
        "politburo": politburo,
        "province": province,
        "council": council,
        "bloc": bloc,
        "district": district,
        "town": town,
        "cell": cell,
        "official": official,
        "deputy": deputy,
        "chair": chair,
        "decoy": decoy,
        "decoy_post": decoy_post,
    }


def corpus_directory() -> dict:
    """The people and organizations of tests/corpus/ (people's names are invented)."""
    o = {}
    o["central"] = _org(
        "Ban Chấp hành Trung ương Đảng",
        kind=Kind.CENTRAL_BODY,
        level=Level.CENTRAL,
        aliases="Ban Chấp hành Trung ương",
    )
    o["politburo"] = _org("Bộ Chính trị", o["central"], Kind.CENTRAL_BODY, Level.CENTRAL)
    o["secretariat"] = _org("Ban Bí thư", o["central"], Kind.CENTRAL_BODY, Level.CENTRAL)
    o["province"] = _org(
        "Tỉnh ủy Lạng Sơn", o["central"], Kind.PROVINCIAL_COMMITTEE, short_name="Tỉnh ủy"
    )
    o["standing"] = _org("Ban Thường vụ Tỉnh ủy", o["province"], Kind.PARTY_BOARD)
    o["propaganda"] = _org(
        "Ban Tuyên giáo Tỉnh ủy", o["province"], Kind.PARTY_BOARD, dissolved_on=day("28/02/2025")
    )
    o["propaganda_new"] = _org(
        "Ban Tuyên giáo và Dân vận Tỉnh ủy",
        o["province"],
        Kind.PARTY_BOARD,
        founded_on=day("01/03/2025"),
    )
    o["propaganda"].successor = o["propaganda_new"]
    o["propaganda"].save()
    o["bloc_new"] = _org(
        "Đảng ủy các cơ quan Đảng tỉnh",
        o["province"],
        Kind.BLOC_COMMITTEE,
        founded_on=day("01/02/2025"),
    )
    o["bloc"] = _org(
        "Đảng ủy Khối các cơ quan tỉnh",
        o["province"],
        Kind.BLOC_COMMITTEE,
        abbreviation="KCCQ",
        dissolved_on=day("31/01/2025"),
        successor=o["bloc_new"],
    )
    end_of_districts = day("30/06/2025")
    for key, place in (
        ("cao_loc", "Cao Lộc"),
        ("loc_binh", "Lộc Bình"),
        ("trang_dinh", "Tràng Định"),
    ):
        o[key] = _org(
            f"Huyện ủy {place}",
            o["province"],
            Kind.DISTRICT_COMMITTEE,
            Level.DISTRICT,
            short_name="Huyện ủy",
            dissolved_on=end_of_districts,
        )
        o[f"cell_{key}"] = _org(
            f"Chi bộ Phòng Giáo dục và Đào tạo huyện {place}",
            o[key],
            Kind.PARTY_CELL,
            Level.GRASSROOTS,
            aliases="Chi bộ Phòng Giáo dục và Đào tạo huyện",
            dissolved_on=end_of_districts,
        )
    o["commune"] = _org(
        "Đảng bộ xã Đồng Đăng",
        o["province"],
        Kind.COMMUNE_COMMITTEE,
        Level.COMMUNE,
        founded_on=day("01/07/2025"),
        aliases="Đảng bộ Đồng Đăng",
    )
    o["town"] = _org(
        "Đảng bộ thị trấn Đồng Đăng",
        o["cao_loc"],
        Kind.COMMUNE_COMMITTEE,
        Level.COMMUNE,
        dissolved_on=end_of_districts,
        aliases="Đảng bộ Đồng Đăng",
        successor=o["commune"],
    )
    o["council"] = _org(
        "Hội đồng nhân dân tỉnh Lạng Sơn", kind=Kind.PEOPLES_COUNCIL, short_name="HĐND tỉnh"
    )
    o["committee"] = _org(
        "Ủy ban nhân dân tỉnh Lạng Sơn", kind=Kind.PEOPLES_COMMITTEE, short_name="UBND tỉnh"
    )
    o["committee_loc_binh"] = _org(
        "Ủy ban nhân dân huyện Lộc Bình",
        o["committee"],
        Kind.PEOPLES_COMMITTEE,
        Level.DISTRICT,
        aliases="UBND huyện Lộc Bình",
        dissolved_on=end_of_districts,
    )
    o["front"] = _org(
        "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lạng Sơn",
        kind=Kind.FATHERLAND_FRONT,
        short_name="Ủy ban MTTQ tỉnh",
    )
    o["education"] = _org(
        "Sở Giáo dục và Đào tạo tỉnh Lạng Sơn",
        kind=Kind.STATE_DEPARTMENT,
        short_name="Sở Giáo dục và Đào tạo",
        aliases="Sở GD&ĐT",
    )

    def person(name, *positions, aliases=""):
        made = make_person(name, aliases=aliases)
        for order, (title, org, start, end) in enumerate(positions, start=1):
            make_position(
                made,
                o[org],
                title,
                started_on=day(start) if start else None,
                ended_on=day(end) if end else None,
                order=order,
            )
        return made

    p = {}
    p["khai"] = person("Lương Văn Khải", ("Bí thư", "province", "01/10/2020", None))
    p["hanh"] = person(
        "Nông Thị Hạnh",
        ("Phó Bí thư Thường trực", "province", "01/10/2020", None),
        ("Chủ tịch", "council", "25/06/2021", None),
    )
    p["long"] = person("Triệu Đức Long", ("Chủ tịch", "committee", "01/07/2016", "30/06/2023"))
    p["yen"] = person("Mông Thị Yến", ("Chủ tịch", "committee", "01/07/2023", None))
    p["thang"] = person("Vi Văn Thắng", ("Giám đốc", "education", "01/01/2019", None))
    p["thang2"] = person(
        "Vi Văn Thăng", ("Chủ tịch", "committee_loc_binh", "01/01/2021", "30/06/2025")
    )
    p["loc"] = person(
        "Chu Văn Lộc", ("Bí thư", "loc_binh", "01/08/2020", "30/06/2025"), aliases="Lộc"
    )
    p["lan"] = person("Hứa Thị Lan", ("Bí thư", "cao_loc", "01/08/2020", "30/06/2025"))
    p["bao"] = person(
        "Lăng Quốc Bảo",
        ("Bí thư", "bloc", "01/07/2020", "31/01/2025"),
        ("Bí thư", "bloc_new", "01/02/2025", None),
    )
    p["trang"] = person(
        "Đinh Thu Trang",
        ("Ủy viên Ban Thường vụ", "province", "01/10/2020", None),
        ("Trưởng", "propaganda", "01/11/2020", "28/02/2025"),
        ("Trưởng", "propaganda_new", "01/03/2025", None),
    )
    p["tu"] = person(
        "Hoàng Minh Tú",
        ("Bí thư", "town", "01/06/2020", "30/06/2025"),
        ("Bí thư", "commune", "01/07/2025", None),
    )
    p["ho_chi_minh"] = person("Hồ Chí Minh", aliases="Bác Hồ")
    # Differ from people above only by a tone mark, and are never named in the corpus.
    p["hanh_decoy"] = person("Nông Thị Hành", ("Chủ tịch", "front", "01/01/2019", None))
    p["long_decoy"] = person("Triệu Đức Lòng")
    return {**o, **p}
