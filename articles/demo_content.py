"""The demo newsroom's content: a province-like tree of organizations, officials whose
positions change over two party terms and the 2025 reform, journalists, and articles.

Every person and every event here is invented for the demo; the place names are those
of a real border province so the text reads like the paper's. Markers in the texts
are expanded by ``articles.demo`` with the positions held on the article's date:

    {P:key}          full name and every position held: "Hoàng Văn Quyết, Phó Bí thư …"
    {N:key}          the name only; {N:key|đồng chí Quyết} prints the text after "|"
    {T:key@org}      the title held at that organization: "Phó Bí thư Thường trực Tỉnh ủy"
    {O:key}          an organization's name; {O:key|Đảng ủy KCCQ tỉnh} prints the text
    {S:key}          an organization's short name ("HĐND tỉnh")

Each marker also records a confirmed mention of the person or organization.
"""

from dataclasses import dataclass, field

SECTIONS = [
    ("thoisu", "Thời sự", "Tin nóng, sự kiện trong ngày của tỉnh."),
    ("chinhtri", "Chính trị", "Hoạt động của Đảng, chính quyền, Mặt trận và đoàn thể."),
    ("kinhte", "Kinh tế", "Kinh tế cửa khẩu, nông nghiệp, đầu tư, doanh nghiệp."),
    ("xahoi", "Xã hội", "Đời sống, an sinh, y tế, lao động."),
    ("vanhoa", "Văn hóa", "Văn hóa, lễ hội, du lịch, thể thao."),
    ("qpan", "Quốc phòng – An ninh", "Lực lượng vũ trang, biên giới, trật tự an toàn xã hội."),
    ("giaoduc", "Giáo dục", "Trường lớp, thi cử, học sinh vùng cao."),
]

# key, name, parent key, kind, level, extra fields. Parents come before their children.
ORGANIZATIONS = [
    # Trung ương
    ("bchtw", "Ban Chấp hành Trung ương Đảng", None, "central_body", "central",
     {"short_name": "Trung ương Đảng", "abbreviation": "BCH TƯ",
      "aliases": ["Ban Chấp hành Trung ương", "BCH Trung ương Đảng"]}),
    ("quochoi", "Quốc hội", None, "central_body", "central", {}),
    ("chinhphu", "Chính phủ", None, "central_body", "central", {}),
    ("mttqtw", "Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam", None, "fatherland_front", "central",
     {"short_name": "Ủy ban Trung ương MTTQ Việt Nam", "abbreviation": "MTTQ"}),
    ("bct", "Bộ Chính trị", "bchtw", "central_body", "central", {}),
    ("bbt", "Ban Bí thư", "bchtw", "central_body", "central",
     {"aliases": ["Ban Bí thư Trung ương Đảng"]}),
    ("ubkttw", "Ủy ban Kiểm tra Trung ương", "bchtw", "central_body", "central",
     {"abbreviation": "UBKT TƯ"}),
    ("bqp", "Bộ Quốc phòng", "chinhphu", "central_body", "central", {}),
    # Cấp tỉnh
    ("tinhuy", "Tỉnh ủy Lạng Sơn", "bchtw", "provincial_committee", "province",
     {"short_name": "Tỉnh ủy",
      "aliases": ["Ban Chấp hành Đảng bộ tỉnh Lạng Sơn", "Đảng bộ tỉnh Lạng Sơn"]}),
    ("doanbqh", "Đoàn đại biểu Quốc hội tỉnh Lạng Sơn", "quochoi", "other", "province",
     {"short_name": "Đoàn ĐBQH tỉnh", "abbreviation": "ĐBQH"}),
    ("hdndtinh", "Hội đồng nhân dân tỉnh Lạng Sơn", "quochoi", "peoples_council", "province",
     {"short_name": "HĐND tỉnh", "abbreviation": "HĐND"}),
    ("hdnd_bankt", "Ban Kinh tế – Ngân sách HĐND tỉnh", "hdndtinh", "other", "province", {}),
    ("ubndtinh", "Ủy ban nhân dân tỉnh Lạng Sơn", "chinhphu", "peoples_committee", "province",
     {"short_name": "UBND tỉnh", "abbreviation": "UBND"}),
    ("mttqtinh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Lạng Sơn", "mttqtw", "fatherland_front",
     "province", {"short_name": "Ủy ban MTTQ tỉnh", "abbreviation": "MTTQ"}),
    ("hoind", "Hội Nông dân tỉnh Lạng Sơn", "mttqtinh", "mass_organization", "province",
     {"short_name": "Hội Nông dân tỉnh"}),
    ("tinhdoan", "Tỉnh Đoàn Lạng Sơn", "mttqtinh", "mass_organization", "province",
     {"short_name": "Tỉnh Đoàn",
      "aliases": ["Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh Lạng Sơn"]}),
    ("bchqs", "Bộ Chỉ huy Quân sự tỉnh Lạng Sơn", "bqp", "other", "province",
     {"short_name": "Bộ Chỉ huy Quân sự tỉnh", "abbreviation": "BCHQS"}),
    ("bdbp", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lạng Sơn", "bqp", "other", "province",
     {"short_name": "Bộ Chỉ huy BĐBP tỉnh", "abbreviation": "BĐBP"}),
    ("so_gddt", "Sở Giáo dục và Đào tạo", "ubndtinh", "state_department", "province",
     {"short_name": "Sở GD&ĐT", "abbreviation": "GD&ĐT"}),
    ("so_yte", "Sở Y tế", "ubndtinh", "state_department", "province", {}),
    ("so_vhttdl", "Sở Văn hóa, Thể thao và Du lịch", "ubndtinh", "state_department", "province",
     {"short_name": "Sở VHTT&DL"}),
    ("so_tnmt", "Sở Tài nguyên và Môi trường", "ubndtinh", "state_department", "province",
     {"short_name": "Sở TN&MT", "dissolved_on": "2025-02-28", "successor": "so_nnmt"}),
    ("so_nnptnt", "Sở Nông nghiệp và Phát triển nông thôn", "ubndtinh", "state_department",
     "province",
     {"short_name": "Sở NN&PTNT", "dissolved_on": "2025-02-28", "successor": "so_nnmt"}),
    ("so_nnmt", "Sở Nông nghiệp và Môi trường", "ubndtinh", "state_department", "province",
     {"short_name": "Sở NN&MT", "founded_on": "2025-03-01"}),
    # Cơ quan tham mưu của Tỉnh ủy; two boards merged on 1/3/2025
    ("bantochuc", "Ban Tổ chức Tỉnh ủy", "tinhuy", "party_board", "province", {}),
    ("bantuyengiao", "Ban Tuyên giáo Tỉnh ủy", "tinhuy", "party_board", "province",
     {"dissolved_on": "2025-02-28", "successor": "bantgdv"}),
    ("bandanvan", "Ban Dân vận Tỉnh ủy", "tinhuy", "party_board", "province",
     {"dissolved_on": "2025-02-28", "successor": "bantgdv"}),
    ("bantgdv", "Ban Tuyên giáo và Dân vận Tỉnh ủy", "tinhuy", "party_board", "province",
     {"founded_on": "2025-03-01"}),
    ("ubkt", "Ủy ban Kiểm tra Tỉnh ủy", "tinhuy", "party_board", "province",
     {"short_name": "UBKT Tỉnh ủy", "abbreviation": "UBKT"}),
    ("vanphong", "Văn phòng Tỉnh ủy", "tinhuy", "party_board", "province", {}),
    # Cấp trên cơ sở: bloc committees (replaced on 1/3/2025) and districts (ended 30/6/2025)
    ("kccq", "Đảng ủy Khối các cơ quan tỉnh", "tinhuy", "bloc_committee", "district",
     {"abbreviation": "KCCQ", "dissolved_on": "2025-02-28", "successor": "dcqd",
      "aliases": ["Đảng ủy Khối các cơ quan (KCCQ) tỉnh", "Đảng ủy KCCQ tỉnh",
                  "Đảng bộ Khối các cơ quan tỉnh", "Đảng bộ KCCQ tỉnh"]}),
    ("kdn", "Đảng ủy Khối Doanh nghiệp tỉnh", "tinhuy", "bloc_committee", "district",
     {"abbreviation": "KDN", "dissolved_on": "2025-02-28", "successor": "dubnd",
      "aliases": ["Đảng ủy KDN tỉnh", "Đảng bộ Khối Doanh nghiệp tỉnh"]}),
    ("dcqd", "Đảng ủy các cơ quan Đảng tỉnh", "tinhuy", "bloc_committee", "district",
     {"founded_on": "2025-03-01", "aliases": ["Đảng bộ các cơ quan Đảng tỉnh"]}),
    ("dubnd", "Đảng ủy Ủy ban nhân dân tỉnh", "tinhuy", "bloc_committee", "district",
     {"short_name": "Đảng ủy UBND tỉnh", "founded_on": "2025-03-01"}),
    ("hu_caoloc", "Huyện ủy Cao Lộc", "tinhuy", "district_committee", "district",
     {"dissolved_on": "2025-06-30", "aliases": ["Đảng bộ huyện Cao Lộc"]}),
    ("hu_locbinh", "Huyện ủy Lộc Bình", "tinhuy", "district_committee", "district",
     {"dissolved_on": "2025-06-30", "aliases": ["Đảng bộ huyện Lộc Bình"]}),
    ("hu_trangdinh", "Huyện ủy Tràng Định", "tinhuy", "district_committee", "district",
     {"dissolved_on": "2025-06-30"}),
    ("hu_chilang", "Huyện ủy Chi Lăng", "tinhuy", "district_committee", "district",
     {"dissolved_on": "2025-06-30"}),
    ("hu_vanlang", "Huyện ủy Văn Lãng", "tinhuy", "district_committee", "district",
     {"dissolved_on": "2025-06-30"}),
    ("thanhuy", "Thành ủy Lạng Sơn", "tinhuy", "district_committee", "district",
     {"dissolved_on": "2025-06-30", "aliases": ["Đảng bộ thành phố Lạng Sơn"]}),
    ("ubnd_caoloc", "Ủy ban nhân dân huyện Cao Lộc", "ubndtinh", "peoples_committee", "district",
     {"short_name": "UBND huyện Cao Lộc", "dissolved_on": "2025-06-30"}),
    ("pgd_caoloc", "Phòng Giáo dục và Đào tạo huyện Cao Lộc", "ubnd_caoloc", "state_department",
     "district", {"dissolved_on": "2025-06-30"}),
    # Cấp xã: before the reform under the districts, after it directly under the province
    ("tt_dongdang", "Đảng bộ thị trấn Đồng Đăng", "hu_caoloc", "commune_committee", "commune",
     {"short_name": "Đảng ủy thị trấn Đồng Đăng", "dissolved_on": "2025-06-30",
      "successor": "x_dongdang"}),
    ("tt_caoloc", "Đảng bộ thị trấn Cao Lộc", "hu_caoloc", "commune_committee", "commune",
     {"short_name": "Đảng ủy thị trấn Cao Lộc", "dissolved_on": "2025-06-30"}),
    ("cb_pgd", "Chi bộ Phòng Giáo dục và Đào tạo huyện Cao Lộc", "hu_caoloc", "party_cell",
     "grassroots", {"dissolved_on": "2025-06-30",
                    "aliases": ["Chi bộ Phòng Giáo dục và Đào tạo huyện"]}),
    ("tt_locbinh", "Đảng bộ thị trấn Lộc Bình", "hu_locbinh", "commune_committee", "commune",
     {"short_name": "Đảng ủy thị trấn Lộc Bình", "dissolved_on": "2025-06-30"}),
    ("tt_thatkhe", "Đảng bộ thị trấn Thất Khê", "hu_trangdinh", "commune_committee", "commune",
     {"short_name": "Đảng ủy thị trấn Thất Khê", "dissolved_on": "2025-06-30",
      "successor": "x_thatkhe"}),
    ("tt_dongmo", "Đảng bộ thị trấn Đồng Mỏ", "hu_chilang", "commune_committee", "commune",
     {"short_name": "Đảng ủy thị trấn Đồng Mỏ", "dissolved_on": "2025-06-30"}),
    ("tt_nasam", "Đảng bộ thị trấn Na Sầm", "hu_vanlang", "commune_committee", "commune",
     {"short_name": "Đảng ủy thị trấn Na Sầm", "dissolved_on": "2025-06-30",
      "successor": "x_nasam"}),
    ("p_vinhtrai", "Đảng bộ phường Vĩnh Trại", "thanhuy", "commune_committee", "commune",
     {"short_name": "Đảng ủy phường Vĩnh Trại", "dissolved_on": "2025-06-30",
      "successor": "p_lvt"}),
    ("p_chilang", "Đảng bộ phường Chi Lăng", "thanhuy", "commune_committee", "commune",
     {"short_name": "Đảng ủy phường Chi Lăng", "dissolved_on": "2025-06-30",
      "successor": "p_lvt"}),
    ("x_dongdang", "Đảng bộ xã Đồng Đăng", "tinhuy", "commune_committee", "commune",
     {"short_name": "Đảng ủy xã Đồng Đăng", "founded_on": "2025-07-01"}),
    ("x_thatkhe", "Đảng bộ xã Thất Khê", "tinhuy", "commune_committee", "commune",
     {"short_name": "Đảng ủy xã Thất Khê", "founded_on": "2025-07-01"}),
    ("x_nasam", "Đảng bộ xã Na Sầm", "tinhuy", "commune_committee", "commune",
     {"short_name": "Đảng ủy xã Na Sầm", "founded_on": "2025-07-01"}),
    ("p_lvt", "Đảng bộ phường Lương Văn Tri", "tinhuy", "commune_committee", "commune",
     {"short_name": "Đảng ủy phường Lương Văn Tri", "founded_on": "2025-07-01"}),
    ("ubnd_dongdang", "Ủy ban nhân dân xã Đồng Đăng", "ubndtinh", "peoples_committee", "commune",
     {"short_name": "UBND xã Đồng Đăng", "founded_on": "2025-07-01"}),
    # Cơ sở
    ("db_sogd", "Đảng bộ Sở Giáo dục và Đào tạo", "dubnd", "grassroots_committee", "grassroots",
     {"short_name": "Đảng ủy Sở GD&ĐT"}),
    ("db_dienluc", "Đảng bộ Công ty Điện lực Lạng Sơn", "dubnd", "grassroots_committee",
     "grassroots", {"short_name": "Đảng ủy Công ty Điện lực Lạng Sơn"}),
    ("cb_pacluong", "Chi bộ thôn Pác Luống", "x_dongdang", "party_cell", "grassroots",
     {"founded_on": "2025-07-01"}),
    ("cb_thcs_xdd", "Chi bộ Trường THCS Đồng Đăng", "x_dongdang", "party_cell", "grassroots",
     {"founded_on": "2025-07-01"}),
    ("cb_khuga", "Chi bộ khu Ga, thị trấn Đồng Đăng", "tt_dongdang", "party_cell", "grassroots",
     {"short_name": "Chi bộ khu Ga", "dissolved_on": "2025-06-30"}),
    ("cb_thcs_dd", "Chi bộ Trường THCS thị trấn Đồng Đăng", "tt_dongdang", "party_cell",
     "grassroots", {"dissolved_on": "2025-06-30", "successor": "cb_thcs_xdd"}),
    ("cb_gdth", "Chi bộ Phòng Giáo dục Trung học", "db_sogd", "party_cell", "grassroots", {}),
    ("cb_dl_caoloc", "Chi bộ Điện lực Cao Lộc", "db_dienluc", "party_cell", "grassroots", {}),
]  # fmt: skip

# key, full name, birth year, aliases, slug (only where two names fold to the same slug)
PEOPLE = [
    ("khai", "Lương Đức Khải", 1968, [], None),
    ("quyet", "Hoàng Văn Quyết", 1965, [], None),
    ("toan", "Vi Văn Toàn", 1970, ["Vy Văn Toàn"], None),
    ("thang", "Lương Văn Thắng", 1972, [], None),
    # Differs from the name above only by its tone mark: a different person.
    ("thang2", "Lương Văn Thăng", 1978, [], "luong-van-thang-dong-dang"),
    ("son", "Mông Văn Sơn", 1971, [], None),
    ("hue", "Lăng Thị Huệ", 1976, [], None),
    ("dung", "Lương Thị Dung", 1982, [], None),
    ("hanh", "Nông Thị Hạnh", 1969, ["Nông Hạnh"], None),
    ("huong", "Vi Thị Thanh Hương", 1975, [], None),
    ("duc", "Chu Minh Đức", 1973, [], None),
    ("lan", "Triệu Thị Lan", 1977, [], None),
    ("loc", "Hoàng Văn Lộc", 1970, [], None),
    ("khanh", "Nông Văn Khánh", 1969, [], None),
    ("vinh", "Hứa Quang Vinh", 1974, [], None),
    ("thuy", "Hoàng Thị Thúy", 1980, ["Hoàng Thị Thuý"], None),
    ("long", "Phạm Văn Long", 1968, [], None),
    ("thu", "Đinh Thị Thu", 1979, [], None),
    ("tien", "Lộc Văn Tiến", 1973, [], None),
    ("dao", "Lăng Văn Đào", 1975, [], None),
    ("quan", "Triệu Văn Quân", 1972, [], None),
    ("hoa", "Nông Đức Hòa", 1974, ["Nông Đức Hoà"], None),
    ("kien", "Vi Văn Kiên", 1976, ["Vy Văn Kiên"], None),
    ("hung", "Nguyễn Quốc Hùng", 1970, [], None),
    ("mai", "Trần Thị Mai", 1975, [], None),
    ("ngocanh", "Hà Thị Ngọc Anh", 1978, [], None),
    ("manh", "Lý Văn Mạnh", 1971, [], None),
    ("oanh", "Dương Thị Kim Oanh", 1976, [], None),
    ("ha", "Đỗ Mạnh Hà", 1972, [], None),
    ("thinh", "Bế Văn Thịnh", 1974, [], None),
    ("tung", "Mã Văn Tùng", 1977, [], None),
    ("hieu", "Lương Minh Hiếu", 1979, [], None),
    ("ngoc", "Nguyễn Thị Bích Ngọc", 1980, [], None),
    ("phuong", "Chu Thị Phượng", 1983, [], None),
    ("nghia", "Vi Đức Nghĩa", 1975, [], None),
    ("chien", "Hoàng Văn Chiến", 1968, [], None),
    ("tuan", "Nông Minh Tuấn", 1988, [], None),
    ("khin", "Triệu Văn Khìn", 1966, [], None),
]

# person, title, organization, started_on, ended_on, term, order (rank when printed together)
POSITIONS = [
    ("khai", "Phó Bí thư", "tinhuy", "2015-10-15", "2020-10-15", "2015–2020", 1),
    ("khai", "Chủ tịch", "ubndtinh", "2016-06-28", "2020-10-20", "2016–2021", 2),
    ("khai", "Bí thư", "tinhuy", "2020-10-16", "2025-10-10", "2020–2025", 1),
    ("khai", "Bí thư", "tinhuy", "2025-10-11", None, "2025–2030", 1),
    ("khai", "Ủy viên", "bchtw", "2021-01-30", None, "", 0),
    ("quyet", "Ủy viên Ban Thường vụ", "tinhuy", "2015-10-15", "2020-10-15", "2015–2020", 1),
    ("quyet", "Trưởng", "bandanvan", "2015-10-15", "2020-10-15", "2015–2020", 2),
    ("quyet", "Phó Bí thư Thường trực", "tinhuy", "2020-10-16", "2025-10-10", "2020–2025", 1),
    ("quyet", "Chủ tịch", "hdndtinh", "2021-06-25", "2025-10-27", "2021–2026", 2),
    ("toan", "Phó Chủ tịch", "ubndtinh", "2016-06-28", "2021-06-24", "2016–2021", 2),
    ("toan", "Phó Bí thư", "tinhuy", "2020-10-16", "2025-10-10", "2020–2025", 1),
    ("toan", "Phó Bí thư", "tinhuy", "2025-10-11", None, "2025–2030", 1),
    ("toan", "Chủ tịch", "ubndtinh", "2021-06-25", "2026-04-21", "2021–2026", 2),
    ("toan", "Chủ tịch", "ubndtinh", "2026-04-22", None, "2026–2031", 2),
    ("toan", "Bí thư", "dubnd", "2025-03-01", None, "", 3),
    ("thang", "Bí thư", "hu_caoloc", "2015-08-20", "2020-08-19", "2015–2020", 1),
    ("thang", "Phó Chủ tịch", "ubndtinh", "2020-09-01", "2021-06-24", "2016–2021", 2),
    ("thang", "Phó Chủ tịch", "ubndtinh", "2021-06-25", "2026-04-21", "2021–2026", 2),
    ("thang", "Phó Chủ tịch", "ubndtinh", "2026-04-22", None, "2026–2031", 2),
    ("thang2", "Bí thư", "tt_dongdang", "2020-07-10", "2025-06-30", "2020–2025", 1),
    ("thang2", "Phó Bí thư", "x_dongdang", "2025-07-01", None, "2025–2030", 1),
    ("son", "Phó Bí thư", "hu_caoloc", "2015-08-20", "2020-08-19", "2015–2020", 1),
    ("son", "Chủ tịch", "ubnd_caoloc", "2016-06-28", "2020-08-19", "2016–2021", 2),
    ("son", "Bí thư", "hu_caoloc", "2020-08-20", "2025-06-30", "2020–2025", 1),
    ("son", "Bí thư", "x_dongdang", "2025-07-01", "2025-08-18", "", 1),
    ("son", "Bí thư", "x_dongdang", "2025-08-19", None, "2025–2030", 1),
    ("hue", "Phó Bí thư", "hu_caoloc", "2020-08-20", "2025-06-30", "2020–2025", 1),
    ("hue", "Chủ tịch", "ubnd_caoloc", "2021-06-28", "2025-06-30", "2021–2026", 2),
    ("hue", "Phó Giám đốc", "so_nnmt", "2025-07-01", None, "", 1),
    ("dung", "Chủ tịch", "ubnd_dongdang", "2025-07-01", "2026-04-24", "2021–2026", 2),
    ("dung", "Chủ tịch", "ubnd_dongdang", "2026-04-25", None, "2026–2031", 2),
    ("dung", "Phó Bí thư", "x_dongdang", "2025-08-19", None, "2025–2030", 1),
    ("hanh", "Chủ tịch", "mttqtinh", "2019-09-20", "2024-09-19", "2019–2024", 2),
    ("hanh", "Chủ tịch", "mttqtinh", "2024-09-20", "2025-02-28", "2024–2029", 2),
    ("hanh", "Ủy viên Ban Thường vụ", "tinhuy", "2020-10-16", "2025-10-10", "2020–2025", 1),
    ("hanh", "Ủy viên Ban Thường vụ", "tinhuy", "2025-10-11", None, "2025–2030", 1),
    ("hanh", "Trưởng", "bantgdv", "2025-03-01", None, "", 2),
    ("huong", "Phó Chủ tịch", "hdndtinh", "2021-06-25", "2025-03-04", "2021–2026", 2),
    ("huong", "Ủy viên Ban Thường vụ", "tinhuy", "2025-03-05", "2025-10-10", "2020–2025", 1),
    ("huong", "Ủy viên Ban Thường vụ", "tinhuy", "2025-10-11", None, "2025–2030", 1),
    ("huong", "Chủ tịch", "mttqtinh", "2025-03-05", None, "2024–2029", 2),
    ("duc", "Trưởng", "bantuyengiao", "2020-10-16", "2025-02-28", "2020–2025", 1),
    ("duc", "Phó Trưởng", "bantgdv", "2025-03-01", None, "", 1),
    ("lan", "Trưởng", "bandanvan", "2020-10-16", "2025-02-28", "2020–2025", 1),
    ("lan", "Phó Trưởng", "bantgdv", "2025-03-01", None, "", 1),
    ("loc", "Chủ nhiệm", "ubkt", "2020-10-16", "2025-10-10", "2020–2025", 1),
    ("loc", "Chủ nhiệm", "ubkt", "2025-10-11", None, "2025–2030", 1),
    ("khanh", "Ủy viên Ban Thường vụ", "tinhuy", "2020-10-16", "2025-10-10", "2020–2025", 1),
    ("khanh", "Trưởng", "bantochuc", "2020-10-16", "2025-10-10", "2020–2025", 2),
    ("khanh", "Phó Bí thư Thường trực", "tinhuy", "2025-10-11", None, "2025–2030", 1),
    ("khanh", "Chủ tịch", "hdndtinh", "2025-10-28", "2026-04-21", "2021–2026", 2),
    ("khanh", "Chủ tịch", "hdndtinh", "2026-04-22", None, "2026–2031", 2),
    ("vinh", "Phó Trưởng", "bantochuc", "2020-12-01", "2025-10-10", "", 2),
    ("vinh", "Ủy viên Ban Thường vụ", "tinhuy", "2025-10-11", None, "2025–2030", 1),
    ("vinh", "Trưởng", "bantochuc", "2025-10-11", None, "", 2),
    ("thuy", "Chánh", "vanphong", "2021-03-15", None, "", 1),
    ("long", "Bí thư", "kccq", "2020-08-05", "2025-02-28", "2020–2025", 1),
    ("long", "Bí thư", "dcqd", "2025-03-01", "2025-09-23", "", 1),
    ("long", "Bí thư", "dcqd", "2025-09-24", None, "2025–2030", 1),
    ("thu", "Bí thư", "kdn", "2020-08-05", "2025-02-28", "2020–2025", 1),
    ("thu", "Phó Bí thư Thường trực", "dubnd", "2025-03-01", None, "", 1),
    ("tien", "Bí thư", "hu_locbinh", "2020-08-18", "2025-06-30", "2020–2025", 1),
    ("tien", "Phó Chủ tịch", "ubndtinh", "2025-07-01", "2026-04-21", "2021–2026", 2),
    ("tien", "Phó Chủ tịch", "ubndtinh", "2026-04-22", None, "2026–2031", 2),
    ("dao", "Bí thư", "hu_trangdinh", "2020-08-15", "2025-06-30", "2020–2025", 1),
    ("dao", "Bí thư", "x_thatkhe", "2025-07-01", None, "2025–2030", 1),
    ("quan", "Bí thư", "thanhuy", "2020-08-12", "2025-06-30", "2020–2025", 1),
    ("quan", "Bí thư", "p_lvt", "2025-07-01", None, "2025–2030", 1),
    ("hoa", "Bí thư", "hu_chilang", "2020-08-14", "2025-06-30", "2020–2025", 1),
    ("hoa", "Phó Trưởng", "bantochuc", "2025-07-01", None, "", 1),
    ("kien", "Bí thư", "hu_vanlang", "2020-08-16", "2025-06-30", "2020–2025", 1),
    ("kien", "Bí thư", "x_nasam", "2025-07-01", None, "2025–2030", 1),
    ("hung", "Giám đốc", "so_yte", "2019-04-01", None, "", 1),
    ("mai", "Phó Giám đốc", "so_gddt", "2016-05-01", "2022-01-09", "", 1),
    ("mai", "Giám đốc", "so_gddt", "2022-01-10", None, "", 1),
    ("ngocanh", "Giám đốc", "so_vhttdl", "2023-02-01", None, "", 1),
    ("manh", "Giám đốc", "so_tnmt", "2020-03-01", "2025-02-28", "", 1),
    ("manh", "Giám đốc", "so_nnmt", "2025-03-01", None, "", 1),
    ("oanh", "Giám đốc", "so_nnptnt", "2021-05-01", "2025-02-28", "", 1),
    ("oanh", "Phó Giám đốc", "so_nnmt", "2025-03-01", None, "", 1),
    ("ha", "Ủy viên Ban Thường vụ", "tinhuy", "2022-07-15", "2025-10-10", "2020–2025", 1),
    ("ha", "Ủy viên Ban Thường vụ", "tinhuy", "2025-10-11", None, "2025–2030", 1),
    ("ha", "Chỉ huy trưởng", "bchqs", "2022-07-01", None, "", 2),
    ("thinh", "Chỉ huy trưởng", "bdbp", "2023-05-01", None, "", 1),
    ("tung", "Phó Trưởng", "doanbqh", "2021-07-20", "2026-04-10", "2021–2026", 1),
    ("tung", "Phó Trưởng", "doanbqh", "2026-04-11", None, "2026–2031", 1),
    ("hieu", "Trưởng", "hdnd_bankt", "2021-06-25", "2025-03-19", "2021–2026", 1),
    ("hieu", "Phó Chủ tịch", "hdndtinh", "2025-03-20", "2026-04-21", "2021–2026", 1),
    ("hieu", "Phó Chủ tịch", "hdndtinh", "2026-04-22", None, "2026–2031", 1),
    ("ngoc", "Bí thư", "cb_pgd", "2020-06-01", "2025-06-30", "2020–2025", 1),
    ("ngoc", "Trưởng", "pgd_caoloc", "2019-09-01", "2025-06-30", "", 2),
    ("phuong", "Bí thư", "cb_thcs_dd", "2020-05-15", "2025-06-30", "2020–2025", 1),
    ("phuong", "Bí thư", "cb_thcs_xdd", "2025-07-01", None, "2025–2027", 1),
    ("nghia", "Bí thư", "db_dienluc", "2020-06-10", None, "", 1),
    ("chien", "Chủ tịch", "hoind", "2018-10-01", None, "", 1),
    ("tuan", "Bí thư", "tinhdoan", "2022-04-01", None, "", 1),
    ("khin", "Bí thư", "cb_pacluong", "2025-07-01", None, "2025–2027", 1),
]

# key, pen name as printed, staff account (username) or None, short bio
AUTHORS = [
    ("haidang", "Hải Đăng", "phongvien", "Phóng viên ban Thời sự – Chính trị."),
    ("minhphuong", "Minh Phương", None, "Phóng viên theo dõi kinh tế cửa khẩu."),
    ("thutrang", "Thu Trang", None, "Phóng viên ban Xã hội."),
    ("lananh", "Lan Anh", None, "Phóng viên văn hóa, giáo dục."),
    ("ducthinh", "Đức Thịnh", None, "Phóng viên quốc phòng – an ninh, biên giới."),
    ("quocviet", "Quốc Việt", "bientapvien", "Biên tập viên, chụp ảnh các sự kiện lớn."),
    ("vantu", "Văn Tú", None, "Phóng viên ảnh."),
    ("baongoc", "Bảo Ngọc", None, "Phóng viên ảnh và video."),
]


@dataclass
class DemoPhoto:
    caption: str
    scene: str
    people: tuple[str, ...] = ()  # shown but not named in the caption
    reuse: tuple[str, int] | None = None  # (article key, photo index) of an earlier photo


@dataclass
class DemoArticle:
    key: str
    when: str | tuple[str, int, str] | None  # "2025-05-14 09:30", ("ago", 3, "08:00"), None
    section: str
    title: str
    lead: str
    body: list[str]
    by: str  # "haidang minhphuong vantu:photo"
    tags: list[str]
    photos: list[DemoPhoto] = field(default_factory=list)
    related: tuple[str, ...] = ()
    status: str = "published"
    source_line: str = ""


def A(*args, **kwargs) -> DemoArticle:  # noqa: N802 - reads like a table row
    return DemoArticle(*args, **kwargs)


def Ph(caption, scene, people=(), reuse=None) -> DemoPhoto:  # noqa: N802
    return DemoPhoto(caption, scene, tuple(people), reuse)


ARTICLES = [
    A("a01", "2024-12-05 10:15", "chinhtri",
      "Ban Chấp hành Đảng bộ tỉnh đánh giá kết quả lãnh đạo năm 2024",
      "Sáng 5/12, {O:tinhuy} tổ chức hội nghị lần thứ 24 để đánh giá kết quả thực hiện nhiệm "
      "vụ chính trị năm 2024, bàn phương hướng năm 2025. Đồng chí {P:khai} chủ trì hội nghị.",
      ["Cùng dự có các đồng chí: {P:quyet}; {P:toan}; các đồng chí trong Ban Thường vụ Tỉnh ủy.",
       "Theo báo cáo trình tại hội nghị, năm 2024 tăng trưởng kinh tế của tỉnh ước đạt 6,1%, "
       "thu ngân sách trên địa bàn vượt dự toán; công tác xây dựng Đảng và hệ thống chính trị "
       "có chuyển biến. Tuy vậy, giải ngân vốn đầu tư công ở một số dự án còn chậm.",
       "Kết luận hội nghị, đồng chí {T:khai@tinhuy} đề nghị các cấp ủy tập trung chuẩn bị chu "
       "đáo cho đại hội đảng bộ các cấp nhiệm kỳ 2025–2030, rà soát những chỉ tiêu còn khó "
       "khăn để có giải pháp ngay trong quý đầu năm."],
      "haidang vantu:photo", ["Tỉnh ủy", "Hội nghị", "Tổng kết năm"],
      [Ph("Đồng chí {P:khai} phát biểu kết luận hội nghị", "hall")]),
    A("a02", "2024-12-12 16:40", "kinhte",
      "UBND tỉnh bàn giải pháp giải ngân vốn đầu tư công những tuần cuối năm",
      "Chiều 12/12, {O:ubndtinh|UBND tỉnh} họp phiên thường kỳ tháng 12 dưới sự chủ trì của "
      "đồng chí {P:toan}.",
      ["Tại phiên họp, các thành viên UBND tỉnh cho ý kiến vào dự thảo kế hoạch phát triển "
       "kinh tế – xã hội năm 2025 và phương án phân bổ vốn đầu tư công. Đến hết tháng 11, tỉnh "
       "mới giải ngân được khoảng 68% kế hoạch vốn.",
       "Đồng chí {P:thang} đề nghị các chủ đầu tư lập lịch giải ngân theo tuần, công khai tiến "
       "độ từng dự án và gỡ dứt điểm vướng mắc về giải phóng mặt bằng.",
       "Phát biểu kết luận, đồng chí {T:toan@ubndtinh} yêu cầu các sở, ngành không dồn việc "
       "vào cuối năm; dự án nào chậm kéo dài thì điều chuyển vốn sang dự án giải ngân tốt hơn."],
      "minhphuong quocviet:photo", ["UBND tỉnh", "Đầu tư công"],
      [Ph("Đồng chí {P:toan} kết luận phiên họp", "hall")]),
    A("a03", "2024-12-18 11:00", "chinhtri",
      "Khai mạc kỳ họp thường lệ cuối năm 2024 của HĐND tỉnh",
      "Sáng 18/12, {O:hdndtinh|HĐND tỉnh} khóa XVII, nhiệm kỳ 2021–2026 khai mạc kỳ họp "
      "thường lệ cuối năm. Đồng chí {P:quyet} chủ trì và phát biểu khai mạc.",
      ["Dự kỳ họp có các đồng chí: {P:khai}; {P:toan}; {P:tung}.",
       "Trong ba ngày làm việc, các đại biểu xem xét 24 báo cáo, tờ trình, thông qua nhiều "
       "nghị quyết về ngân sách, đầu tư công và chính sách hỗ trợ đồng bào vùng biên giới.",
       "Đồng chí {P:huong} điều hành phiên thảo luận tổ. Nhiều ý kiến cử tri về đường giao "
       "thông nông thôn, nước sinh hoạt và giá vật tư nông nghiệp được chuyển tới kỳ họp."],
      "thutrang quocviet:photo", ["HĐND tỉnh", "Kỳ họp"],
      [Ph("Đồng chí {P:quyet} phát biểu khai mạc kỳ họp", "hall"),
       Ph("Các đại biểu dự phiên khai mạc. Ảnh: QUỐC VIỆT", "hall")]),
    A("a04", "2024-12-22 09:30", "qpan",
      "Mít tinh kỷ niệm 80 năm Ngày thành lập Quân đội nhân dân Việt Nam",
      "Sáng 22/12, {O:bchqs|Bộ Chỉ huy Quân sự tỉnh} tổ chức mít tinh kỷ niệm 80 năm Ngày "
      "thành lập Quân đội nhân dân Việt Nam (22/12/1944 – 22/12/2024) và 35 năm Ngày hội Quốc "
      "phòng toàn dân.",
      ["Tham dự có các đồng chí: {P:khai}; {P:toan}; lãnh đạo các sở, ngành và đông đảo cán "
       "bộ, chiến sĩ lực lượng vũ trang tỉnh.",
       "Ôn lại truyền thống, Đại tá {P:ha} nhấn mạnh: qua 80 năm xây dựng, chiến đấu và trưởng "
       "thành, lực lượng vũ trang tỉnh luôn gắn bó máu thịt với đồng bào các dân tộc nơi biên "
       "cương.",
       "Nhân dịp này, nhiều tập thể, cá nhân có thành tích trong xây dựng nền quốc phòng toàn "
       "dân được khen thưởng."],
      "ducthinh baongoc:photo", ["Lực lượng vũ trang", "Quốc phòng toàn dân"],
      [Ph("Đồng chí {P:khai} trao bằng khen cho các tập thể có thành tích xuất sắc", "hall"),
       Ph("Đại tá {N:ha} ôn lại truyền thống 80 năm của Quân đội nhân dân Việt Nam", "hall")]),
    A("a05", "2025-01-08 15:20", "xahoi",
      "Trao quà Tết cho hộ nghèo ở huyện Cao Lộc",
      "Ngày 8/1, đoàn công tác của {O:mttqtinh|Ủy ban MTTQ tỉnh} do đồng chí {P:hanh} dẫn đầu "
      "thăm, tặng quà Tết cho hộ nghèo tại huyện Cao Lộc.",
      ["Đoàn trao 200 suất quà, mỗi suất trị giá 800 nghìn đồng gồm tiền mặt và nhu yếu phẩm, "
       "cho các hộ nghèo, hộ có hoàn cảnh khó khăn ở thị trấn Đồng Đăng và các xã lân cận.",
       "Tiếp đoàn, đồng chí {P:son} cho biết: năm 2024 tỷ lệ hộ nghèo của huyện giảm còn 4,2%; "
       "Mặt trận các cấp đã vận động xây mới, sửa chữa 57 nhà đại đoàn kết.",
       "Dịp này, {N:hanh|đồng chí Hạnh} đề nghị {O:hu_caoloc} tiếp tục rà soát để không hộ "
       "nào không có Tết."],
      "thutrang haidang", ["Tết vì người nghèo", "Cao Lộc", "MTTQ"],
      [Ph("Đồng chí {N:hanh} (thứ hai từ trái sang) trao quà cho hộ nghèo thị trấn Đồng Đăng",
          "crowd")]),
    A("a06", "2025-01-15 10:05", "chinhtri",
      "Đảng ủy Khối các cơ quan tỉnh triển khai nhiệm vụ năm 2025",
      "Ngày 15/1, {O:kccq|Đảng ủy Khối các cơ quan (KCCQ) tỉnh} tổ chức hội nghị tổng kết công "
      "tác xây dựng Đảng năm 2024, triển khai nhiệm vụ năm 2025.",
      ["Dự hội nghị có đồng chí {P:quyet}.",
       "Năm qua, {O:kccq|Đảng bộ KCCQ tỉnh} kết nạp 118 đảng viên mới; 96% tổ chức cơ sở đảng "
       "được xếp loại hoàn thành tốt nhiệm vụ trở lên.",
       "Phát biểu tại hội nghị, đồng chí {T:quyet@tinhuy} ghi nhận kết quả đạt được, lưu ý "
       "{O:kccq|Đảng ủy KCCQ tỉnh} chủ động chuẩn bị các điều kiện cho việc sắp xếp tổ chức bộ "
       "máy theo chủ trương của Trung ương.",
       "Đồng chí {P:long} tiếp thu ý kiến chỉ đạo và cam kết hoàn thành các chỉ tiêu đề ra."],
      "haidang minhphuong", ["Đảng ủy Khối các cơ quan tỉnh", "Xây dựng Đảng"],
      [Ph("Đồng chí {P:quyet} phát biểu tại hội nghị của Đảng ủy KCCQ tỉnh", "hall")]),
    A("a07", "2025-01-22 20:30", "vanhoa",
      "Khai mạc Hội báo Xuân Ất Tỵ 2025",
      "Tối 22/1, {O:bantuyengiao} phối hợp với {O:so_vhttdl} khai mạc Hội báo Xuân Ất Tỵ 2025 "
      "tại Nhà Văn hóa tỉnh.",
      ["Hội báo trưng bày gần 300 ấn phẩm báo Xuân của các cơ quan báo chí trung ương và địa "
       "phương, cùng khu ảnh tư liệu về Đảng bộ tỉnh qua các kỳ đại hội.",
       "Phát biểu khai mạc, đồng chí {P:duc} cho biết hội báo là dịp để bạn đọc thưởng thức "
       "những ấn phẩm đặc sắc và tôn vinh người làm báo trong tỉnh.",
       "Đồng chí {P:ngocanh} thông tin: dịp Tết, các di tích, danh thắng của tỉnh mở cửa phục "
       "vụ du khách đến hết tháng Giêng."],
      "lananh vantu:photo", ["Hội báo Xuân", "Tết Ất Tỵ"],
      [Ph("Đồng chí {P:duc} và các đại biểu tham quan khu trưng bày báo Xuân", "crowd")]),
    A("a08", "2025-02-03 11:45", "thoisu",
      "Lãnh đạo tỉnh chúc Tết cán bộ, chiến sĩ nơi cửa khẩu",
      "Ngày 3/2 (mùng 6 Tết), đồng chí {P:khai} cùng đoàn công tác của tỉnh thăm, chúc Tết cán "
      "bộ, chiến sĩ Đồn Biên phòng cửa khẩu quốc tế Hữu Nghị.",
      ["Báo cáo với đoàn, Đại tá {P:thinh} cho biết dịp Tết các đồn biên phòng duy trì nghiêm "
       "chế độ trực, phối hợp với lực lượng chức năng bảo đảm thông quan thông suốt.",
       "Thay mặt lãnh đạo tỉnh, đồng chí {T:khai@tinhuy} ghi nhận những vất vả của lực lượng "
       "biên phòng, đề nghị tiếp tục làm nòng cốt xây dựng biên giới hòa bình, hữu nghị."],
      "ducthinh baongoc:photo", ["Biên phòng", "Tết Ất Tỵ", "Cửa khẩu Hữu Nghị"],
      [Ph("Đồng chí {P:khai} tặng quà cán bộ, chiến sĩ Đồn Biên phòng cửa khẩu quốc tế Hữu "
          "Nghị", "border", people=["thinh"])]),
    A("a09", "2025-02-12 17:10", "vanhoa",
      "Rộn ràng lễ hội Lồng tồng đầu xuân ở Cao Lộc",
      "Ngày 12/2 (rằm tháng Giêng), {O:ubnd_caoloc|UBND huyện Cao Lộc} tổ chức lễ hội Lồng tồng "
      "năm 2025, thu hút hàng nghìn người dân và du khách.",
      ["Sau phần nghi lễ cầu mùa, người dân tham gia ném còn, kéo co, đẩy gậy; các đội văn nghệ "
       "biểu diễn hát then, đàn tính.",
       "Đồng chí {P:hue} cho biết lễ hội góp phần giữ gìn bản sắc văn hóa của đồng bào Tày, "
       "Nùng và quảng bá du lịch của huyện."],
      "lananh vantu:photo", ["Lễ hội Lồng tồng", "Cao Lộc", "Văn hóa Tày Nùng"],
      [Ph("Đồng chí {P:hue} đánh trống khai hội", "crowd"),
       Ph("Trò chơi ném còn thu hút đông đảo thanh niên", "field")]),
    A("a10", "2025-03-01 11:30", "chinhtri",
      "Công bố quyết định thành lập Ban Tuyên giáo và Dân vận Tỉnh ủy và hai đảng bộ mới",
      "Sáng 1/3, {O:tinhuy} tổ chức hội nghị công bố các quyết định hợp nhất, thành lập cơ quan "
      "tham mưu và đảng bộ trực thuộc theo chủ trương sắp xếp tổ chức bộ máy.",
      ["Theo quyết định, {O:bantgdv} được thành lập trên cơ sở hợp nhất {O:bantuyengiao} và "
       "{O:bandanvan}. {N:hanh|Đồng chí Nông Thị Hạnh} được chỉ định giữ chức Trưởng Ban; các "
       "đồng chí {N:duc} và {N:lan} giữ chức Phó Trưởng Ban.",
       "Cùng với đó, {O:dcqd} và {O:dubnd} được thành lập, thay cho {O:kccq} và {O:kdn} kết "
       "thúc hoạt động từ ngày 28/2.",
       "Phát biểu giao nhiệm vụ, đồng chí {P:khai} yêu cầu các cơ quan mới nhanh chóng ổn định "
       "tổ chức, không để công việc gián đoạn, không ảnh hưởng tới người dân và doanh nghiệp."],
      "haidang quocviet:photo", ["Sắp xếp bộ máy", "Tỉnh ủy"],
      [Ph("Đồng chí {P:khai} trao quyết định cho đồng chí {P:hanh}", "hall")],
      related=("a11", "a12")),
    A("a11", "2025-03-10 09:00", "kinhte",
      "Sở Nông nghiệp và Môi trường đi vào hoạt động",
      "Ngày 10/3, {O:so_nnmt} tổ chức hội nghị triển khai nhiệm vụ sau khi hợp nhất "
      "{O:so_nnptnt} và {O:so_tnmt}.",
      ["Sở mới có 14 phòng chuyên môn và đơn vị trực thuộc, giảm 9 đầu mối. Đồng chí {P:manh} "
       "cho biết trong quý I sở ưu tiên hoàn thiện quy chế làm việc và rà soát thủ tục hành "
       "chính để người dân không phải đi lại nhiều lần.",
       "Đồng chí {P:oanh} phụ trách trồng trọt, chăn nuôi và phòng chống thiên tai; kế hoạch "
       "sản xuất vụ xuân vẫn được triển khai đúng lịch thời vụ."],
      "minhphuong", ["Sắp xếp bộ máy", "Nông nghiệp"],
      [Ph("Đồng chí {P:manh} phát biểu tại hội nghị", "hall")]),
    A("a12", "2025-03-05 16:00", "xahoi",
      "Hiệp thương cử Chủ tịch Ủy ban MTTQ tỉnh",
      "Sáng 5/3, {O:mttqtinh|Ủy ban MTTQ Việt Nam tỉnh} tổ chức hội nghị hiệp thương kiện toàn "
      "chức danh Chủ tịch Ủy ban nhiệm kỳ 2024–2029.",
      ["Hội nghị hiệp thương cử {N:huong|đồng chí Vi Thị Thanh Hương} giữ chức Chủ tịch Ủy ban "
       "MTTQ Việt Nam tỉnh. Trước đó, đồng chí Hương là Phó Chủ tịch HĐND tỉnh.",
       "Phát biểu tại hội nghị, đồng chí {P:hanh} chúc mừng đồng chí Hương, đề nghị Mặt trận "
       "các cấp làm tốt vai trò giám sát, phản biện xã hội trong giai đoạn sắp xếp đơn vị "
       "hành chính."],
      "thutrang", ["MTTQ", "Công tác cán bộ"],
      [Ph("Đồng chí {P:hanh} tặng hoa chúc mừng đồng chí {P:huong}", "hall")]),
    A("a13", "2025-03-25 14:00", "giaoduc",
      "Chuẩn bị kỳ thi tốt nghiệp THPT đầu tiên theo chương trình mới",
      "Ngày 25/3, {O:so_gddt} triển khai công tác chuẩn bị kỳ thi tốt nghiệp trung học phổ "
      "thông năm 2025, kỳ thi đầu tiên theo Chương trình giáo dục phổ thông 2018.",
      ["Toàn tỉnh có hơn 8.600 học sinh lớp 12 dự kiến dự thi. Đồng chí {P:mai} đề nghị các "
       "trường rà soát kế hoạch ôn tập theo cấu trúc đề minh họa, quan tâm học sinh bán trú ở "
       "các xã vùng cao.",
       "Sở dự kiến bố trí 37 điểm thi để học sinh không phải đi xa."],
      "lananh", ["Thi tốt nghiệp THPT", "Giáo dục"],
      [Ph("Đồng chí {P:mai} phát biểu chỉ đạo hội nghị", "classroom")]),
    A("a14", "2025-04-08 17:30", "kinhte",
      "Hàng hóa qua cửa khẩu Hữu Nghị tăng mạnh trong quý I",
      "Quý I/2025, kim ngạch xuất nhập khẩu qua các cửa khẩu của tỉnh ước đạt 1,4 tỷ USD, tăng "
      "18% so với cùng kỳ; riêng cửa khẩu quốc tế Hữu Nghị chiếm gần 60%.",
      ["Làm việc với các lực lượng chức năng tại cửa khẩu ngày 8/4, đồng chí {P:thang} đề nghị "
       "đẩy nhanh khai báo điện tử, kéo dài giờ thông quan vào những ngày cao điểm nông sản.",
       "Theo {O:bdbp}, lưu lượng phương tiện tăng nhưng không xảy ra ùn tắc kéo dài nhờ phân "
       "luồng từ xa.",
       "Đồng chí {P:son} cho biết huyện đang phối hợp với các sở, ngành mở rộng bãi đỗ xe chờ "
       "xuất khẩu tại thị trấn Đồng Đăng."],
      "minhphuong quocviet:photo", ["Kinh tế cửa khẩu", "Cửa khẩu Hữu Nghị", "Xuất nhập khẩu"],
      [Ph("Đồng chí {P:thang} kiểm tra hoạt động thông quan tại cửa khẩu quốc tế Hữu Nghị",
          "border")]),
    A("a15", "2025-04-16 18:00", "chinhtri",
      "Ban Thường vụ Tỉnh ủy cho ý kiến đề án sắp xếp đơn vị hành chính cấp xã",
      "Ngày 16/4, Ban Thường vụ {O:tinhuy} họp cho ý kiến vào dự thảo đề án sắp xếp đơn vị "
      "hành chính cấp xã và tổ chức chính quyền địa phương hai cấp. Đồng chí {P:khai} chủ trì.",
      ["Theo dự thảo, sau sắp xếp toàn tỉnh còn 65 đơn vị hành chính cấp xã; cấp huyện kết thúc "
       "hoạt động từ ngày 1/7/2025.",
       "Đồng chí {P:khanh} trình bày phương án bố trí cán bộ, công chức cấp xã; nguyên tắc là "
       "ưu tiên người có năng lực, am hiểu địa bàn, bảo đảm cơ cấu dân tộc.",
       "Kết luận cuộc họp, đồng chí {T:khai@tinhuy} yêu cầu lấy ý kiến cử tri về đề án thực "
       "chất, công khai và hoàn thành đúng thời hạn."],
      "haidang", ["Sắp xếp đơn vị hành chính", "Chính quyền hai cấp"],
      [Ph("Đồng chí {P:khai} kết luận cuộc họp", "hall")]),
    A("a16", "2025-04-29 08:20", "xahoi",
      "Chủ động phòng, chống sốt xuất huyết từ đầu mùa mưa",
      "Từ đầu năm, toàn tỉnh ghi nhận 27 ca mắc sốt xuất huyết, không có ca tử vong. {O:so_yte} "
      "đã ban hành kế hoạch phòng, chống dịch bệnh mùa mưa năm 2025.",
      ["Đồng chí {P:hung} cho biết ngành y tế sẽ tổ chức các đợt diệt bọ gậy tại khu dân cư "
       "đông đúc ở thành phố Lạng Sơn và các thị trấn.",
       "Các trạm y tế được yêu cầu giám sát chặt ca bệnh, hướng dẫn người dân không tự điều trị "
       "tại nhà khi sốt cao kéo dài."],
      "thutrang baongoc:photo", ["Y tế", "Sốt xuất huyết"],
      [Ph("Cán bộ y tế hướng dẫn người dân tìm bọ gậy trong dụng cụ chứa nước", "crowd")]),
    A("a17", "2025-05-14 18:45", "chinhtri",
      "Kiểm tra công tác chuẩn bị đại hội điểm tại thị trấn Đồng Đăng",
      "Ngày 14/5, đoàn công tác của {O:tinhuy|Tỉnh ủy} do đồng chí {P:quyet} làm trưởng đoàn "
      "kiểm tra công tác chuẩn bị đại hội điểm tại {O:tt_dongdang} và {O:cb_pgd}.",
      ["Cùng đi có đồng chí {P:son}.",
       "Báo cáo với đoàn, đồng chí {P:thang2} cho biết đảng bộ thị trấn đã hoàn thành dự thảo "
       "văn kiện, phân công nhân sự các tiểu ban và dự kiến tổ chức đại hội điểm trước ngày "
       "25/5.",
       "Tại {O:cb_pgd|Chi bộ Phòng Giáo dục và Đào tạo huyện}, đồng chí {P:ngoc} trình bày dự "
       "thảo báo cáo chính trị với các chỉ tiêu nâng cao chất lượng dạy và học, sắp xếp trường "
       "lớp sau khi sáp nhập xã.",
       "Kết luận buổi kiểm tra, đồng chí {T:quyet@tinhuy} đề nghị {O:hu_caoloc} theo dõi sát các "
       "nơi làm điểm, rút kinh nghiệm ngay sau mỗi đại hội và bảo đảm nhân sự cấp ủy đủ tiêu "
       "chuẩn, phù hợp với đơn vị hành chính mới."],
      "haidang minhphuong", ["Đại hội Đảng", "Cao Lộc", "Đồng Đăng"],
      [Ph("Đồng chí {P:quyet} phát biểu tại buổi kiểm tra ở thị trấn Đồng Đăng", "hall"),
       Ph("Đồng chí {N:quyet} (giữa) trao đổi với đồng chí {P:ngoc}", "classroom")],
      related=("a25", "a22")),
    A("a18", "2025-05-19 10:30", "vanhoa",
      "Dâng hương kỷ niệm 135 năm Ngày sinh Chủ tịch Hồ Chí Minh",
      "Sáng 19/5, đoàn đại biểu lãnh đạo tỉnh do đồng chí {P:khai} dẫn đầu dâng hoa, dâng "
      "hương tưởng niệm Chủ tịch Hồ Chí Minh.",
      ["Cùng ngày, {O:tinhdoan} tổ chức lễ kết nạp đội viên Đội Thiếu niên Tiền phong Hồ Chí "
       "Minh cho 120 em học sinh tiêu biểu.",
       "Đồng chí {P:tuan} cho biết trong tháng 5 các cơ sở đoàn triển khai 45 công trình thanh "
       "niên và nhiều buổi sinh hoạt chủ đề về cuộc đời, sự nghiệp của Bác."],
      "lananh", ["Chủ tịch Hồ Chí Minh", "Tỉnh Đoàn"],
      [Ph("Đoàn đại biểu lãnh đạo tỉnh do đồng chí {N:khai} dẫn đầu dâng hoa tưởng niệm Chủ "
          "tịch Hồ Chí Minh", "crowd")]),
    A("a19", "2025-06-10 16:15", "xahoi",
      "Lộc Bình hoàn thành xóa nhà tạm, nhà dột nát",
      "Ngày 10/6, {O:hu_locbinh} tổ chức lễ bàn giao căn nhà đại đoàn kết cuối cùng trong "
      "chương trình xóa nhà tạm, nhà dột nát trên địa bàn huyện.",
      ["Từ đầu năm, huyện Lộc Bình đã hỗ trợ xây mới, sửa chữa 312 căn nhà cho hộ nghèo, hộ cận "
       "nghèo với kinh phí hơn 15 tỷ đồng, có cả ngày công của bộ đội và đoàn viên thanh niên.",
       "Đồng chí {P:tien} cảm ơn các nhà hảo tâm, đề nghị chính quyền cơ sở tiếp tục hỗ trợ các "
       "hộ phát triển sinh kế để thoát nghèo bền vững.",
       "Dự lễ bàn giao, đồng chí {P:huong} tặng gia đình chị Hoàng Thị Mây ở xã Tú Đoạn bộ đồ "
       "dùng sinh hoạt."],
      "thutrang vantu:photo", ["Xóa nhà tạm", "Lộc Bình", "Giảm nghèo"],
      [Ph("Đồng chí {N:tien} và đồng chí {N:huong} trao quyết định bàn giao nhà cho gia đình "
          "chị Hoàng Thị Mây", "crowd")]),
    A("a20", "2025-06-27 17:00", "thoisu",
      "Huyện ủy Cao Lộc tổng kết hoạt động trước khi kết thúc cấp huyện",
      "Ngày 27/6, {O:hu_caoloc} tổ chức hội nghị tổng kết quá trình xây dựng và phát triển của "
      "Đảng bộ huyện, chuẩn bị bàn giao nhiệm vụ cho các đảng bộ xã mới từ ngày 1/7.",
      ["Đồng chí {P:son} điểm lại những dấu mốc của huyện: từ một huyện biên giới còn nhiều khó "
       "khăn, Cao Lộc trở thành một trong những địa phương thu ngân sách lớn của tỉnh nhờ kinh "
       "tế cửa khẩu.",
       "Các đại biểu mong muốn truyền thống của Đảng bộ huyện tiếp tục được phát huy ở các đơn "
       "vị hành chính cấp xã mới.",
       "Dịp này, đồng chí {P:hue} trao kỷ niệm chương cho các nguyên lãnh đạo huyện qua các "
       "thời kỳ."],
      "haidang", ["Cao Lộc", "Chính quyền hai cấp"],
      [Ph("Đồng chí {P:son} phát biểu tại hội nghị tổng kết", "hall")]),
    A("a21", "2025-06-30 19:00", "chinhtri",
      "Công bố nghị quyết sắp xếp đơn vị hành chính, thành lập các đảng bộ xã, phường mới",
      "Chiều 30/6, {O:tinhuy|Tỉnh ủy}, {O:hdndtinh|HĐND tỉnh}, {O:ubndtinh|UBND tỉnh} công bố "
      "nghị quyết về sắp xếp đơn vị hành chính cấp xã và các quyết định thành lập đảng bộ, chỉ "
      "định cán bộ chủ chốt ở 65 xã, phường.",
      ["Dự hội nghị có các đồng chí: {P:khai}; {P:quyet}; {P:toan}.",
       "Từ ngày 1/7/2025, các huyện, thành phố của tỉnh kết thúc hoạt động. Thị trấn Đồng Đăng "
       "cùng một số xã lân cận được sắp xếp thành xã Đồng Đăng; thị trấn Thất Khê thành xã Thất "
       "Khê; phường Vĩnh Trại và phường Chi Lăng hợp nhất thành phường Lương Văn Tri.",
       "{O:x_dongdang}, {O:x_thatkhe}, {O:x_nasam} và {O:p_lvt} cùng các đảng bộ xã, phường khác "
       "được thành lập, trực thuộc {S:tinhuy}.",
       "Phát biểu chỉ đạo, đồng chí {T:khai@tinhuy} yêu cầu cán bộ được phân công về xã, phường "
       "mới nhận nhiệm vụ ngay, bảo đảm chính quyền hai cấp vận hành thông suốt từ ngày đầu."],
      "haidang minhphuong quocviet:photo", ["Sắp xếp đơn vị hành chính", "Chính quyền hai cấp"],
      [Ph("Đồng chí {P:khai} trao quyết định cho các đồng chí {N:son}, {N:dao}, {N:kien}, "
          "{N:quan}", "hall")],
      related=("a15", "a20", "a22", "a23")),
    A("a22", "2025-07-01 12:00", "thoisu",
      "Ngày đầu vận hành chính quyền hai cấp ở xã Đồng Đăng",
      "Sáng 1/7, Trung tâm phục vụ hành chính công xã Đồng Đăng đón những người dân đầu tiên "
      "đến làm thủ tục. {O:x_dongdang|Đảng ủy xã Đồng Đăng} và {O:ubnd_dongdang} bắt đầu hoạt "
      "động theo mô hình mới.",
      ["Đồng chí {P:son} cho biết xã mới rộng hơn 100 km², dân số trên 30 nghìn người, có cửa "
       "khẩu quốc tế và nhiều chợ biên giới nên khối lượng công việc rất lớn.",
       "Đồng chí {P:dung} trực tiếp hướng dẫn người dân làm thủ tục chứng thực, đăng ký hộ tịch; "
       "trong buổi sáng, trung tâm tiếp nhận 46 hồ sơ.",
       "Đồng chí {P:thang2} cho biết các chi bộ đang rà soát danh sách đảng viên chuyển sinh "
       "hoạt về đảng bộ xã."],
      "minhphuong vantu:photo", ["Chính quyền hai cấp", "Đồng Đăng"],
      [Ph("Đồng chí {P:dung} hướng dẫn người dân làm thủ tục tại Trung tâm phục vụ hành chính "
          "công xã", "crowd")]),
    A("a23", "2025-07-15 15:30", "kinhte",
      "Phường Lương Văn Tri chỉnh trang đô thị, hỗ trợ hộ kinh doanh",
      "Sau nửa tháng hoạt động, {O:p_lvt|Đảng ủy phường Lương Văn Tri} xác định ba nhóm việc ưu "
      "tiên: chỉnh trang đô thị, hỗ trợ hộ kinh doanh và cải cách thủ tục hành chính.",
      ["Phường được thành lập trên cơ sở hợp nhất các phường Vĩnh Trại, Chi Lăng và một phần xã "
       "lân cận, mang tên anh hùng liệt sĩ Lương Văn Tri.",
       "Đồng chí {P:quan} cho biết phường sẽ sắp xếp lại chợ dân sinh, lắp thêm chiếu sáng và "
       "camera giám sát ở các tuyến phố chính."],
      "thutrang", ["Phường Lương Văn Tri", "Đô thị"],
      [Ph("Đồng chí {P:quan} kiểm tra tiến độ chỉnh trang tuyến phố trung tâm", "field")]),
    A("a24", "2025-08-05 10:00", "qpan",
      "Biên phòng và xã Na Sầm phối hợp giữ vững đường biên",
      "Ngày 5/8, {O:bdbp|Bộ Chỉ huy Bộ đội Biên phòng (BĐBP) tỉnh} và {O:x_nasam|Đảng ủy xã Na "
      "Sầm} ký kết quy chế phối hợp bảo vệ chủ quyền, an ninh biên giới.",
      ["Theo quy chế, hai bên duy trì tuần tra định kỳ, trao đổi thông tin về xuất nhập cảnh, "
       "phòng chống buôn lậu và vận động người dân tự quản đường biên, cột mốc.",
       "Đồng chí {P:kien} cho biết xã đã thành lập 12 tổ tự quản đường biên với hơn 200 thành "
       "viên là người dân các thôn giáp biên.",
       "Đại tá {P:thinh} đề nghị cấp ủy, chính quyền xã quan tâm phát triển kinh tế ở thôn bản "
       "biên giới, giữ dân, giữ đất."],
      "ducthinh baongoc:photo", ["Biên phòng", "Na Sầm", "Chủ quyền biên giới"],
      [Ph("Đại tá {N:thinh} và đồng chí {N:kien} ký kết quy chế phối hợp", "hall"),
       Ph("Cán bộ, chiến sĩ biên phòng cùng người dân tuần tra đường biên", "border")]),
    A("a25", "2025-08-19 18:20", "chinhtri",
      "Đại hội Đảng bộ xã Đồng Đăng lần thứ I, nhiệm kỳ 2025–2030",
      "Ngày 19/8, {O:x_dongdang} tổ chức đại hội đại biểu lần thứ I, nhiệm kỳ 2025–2030 với 150 "
      "đại biểu thay mặt hơn 1.200 đảng viên.",
      ["Dự và chỉ đạo đại hội có đồng chí {P:quyet}.",
       "Đại hội xác định mục tiêu đưa Đồng Đăng trở thành trung tâm dịch vụ logistics của tỉnh; "
       "phấn đấu năm 2030 thu nhập bình quân đầu người đạt 120 triệu đồng.",
       "Ban Chấp hành khóa mới gồm 21 đồng chí. Đồng chí {N:son} được bầu làm Bí thư; các đồng "
       "chí {N:thang2} và {N:dung} được bầu làm Phó Bí thư Đảng ủy xã."],
      "haidang vantu:photo", ["Đại hội Đảng", "Đồng Đăng"],
      [Ph("Đồng chí {P:quyet} tặng hoa chúc mừng Ban Chấp hành Đảng bộ xã khóa mới", "hall",
          people=["son", "thang2", "dung"])],
      related=("a17",)),
    A("a26", "2025-09-02 07:30", "vanhoa",
      "Cờ đỏ sao vàng rực rỡ khắp phố phường dịp Quốc khánh",
      "Những ngày đầu tháng 9, các tuyến phố, thôn bản trong tỉnh rực rỡ cờ hoa chào mừng kỷ "
      "niệm 80 năm Cách mạng Tháng Tám và Quốc khánh 2/9.",
      ["Ở phường Lương Văn Tri, nhiều gia đình treo cờ từ sớm; các trường học tổ chức hội thi "
       "hát về quê hương, đất nước.",
       "Đồng chí {P:ngocanh} cho biết dịp lễ, sở tổ chức chuỗi chương trình nghệ thuật, triển "
       "lãm ảnh và giải thể thao, thu hút hàng chục nghìn lượt người."],
      "lananh baongoc:photo", ["Quốc khánh", "80 năm Cách mạng Tháng Tám"],
      [Ph("Người dân phường Lương Văn Tri treo cờ đón Quốc khánh", "crowd")]),
    A("a27", "2025-09-24 17:40", "chinhtri",
      "Đại hội Đảng bộ các cơ quan Đảng tỉnh lần thứ I",
      "Ngày 24/9, {O:dcqd} tổ chức đại hội đại biểu lần thứ I, nhiệm kỳ 2025–2030.",
      ["Đồng chí {P:quyet} dự và phát biểu chỉ đạo, đề nghị đảng bộ đi đầu trong đổi mới "
       "phương thức lãnh đạo và chuyển đổi số.",
       "Đại hội bầu Ban Chấp hành khóa mới gồm 25 đồng chí; đồng chí {N:long} được bầu giữ chức "
       "Bí thư Đảng ủy."],
      "minhphuong", ["Đại hội Đảng", "Đảng ủy các cơ quan Đảng tỉnh"],
      [Ph("Đồng chí {P:long} phát biểu khai mạc đại hội", "hall")]),
    A("a28", "2025-10-09 11:00", "chinhtri",
      "Khai mạc Đại hội đại biểu Đảng bộ tỉnh lần thứ XVIII, nhiệm kỳ 2025–2030",
      "Sáng 9/10, Đại hội đại biểu Đảng bộ tỉnh lần thứ XVIII, nhiệm kỳ 2025–2030 khai mạc với "
      "350 đại biểu thay mặt hơn 72 nghìn đảng viên trong toàn Đảng bộ.",
      ["Đồng chí {P:khai} đọc diễn văn khai mạc. Nhiệm kỳ qua, dù nhiều khó khăn, Đảng bộ tỉnh "
       "đã lãnh đạo hoàn thành 20/24 chỉ tiêu chủ yếu; kinh tế cửa khẩu, nông nghiệp hàng hóa "
       "và du lịch có bước phát triển rõ nét.",
       "Đồng chí {P:quyet} trình bày báo cáo chính trị, xác định ba khâu đột phá: hạ tầng giao "
       "thông kết nối, cải cách hành chính gắn với chuyển đổi số và phát triển nguồn nhân lực.",
       "Đại hội làm việc đến ngày 11/10."],
      "haidang minhphuong quocviet:photo", ["Đại hội Đảng bộ tỉnh", "Nhiệm kỳ 2025–2030"],
      [Ph("Đồng chí {P:khai} đọc diễn văn khai mạc Đại hội", "hall"),
       Ph("Các đại biểu biểu quyết thông qua chương trình Đại hội", "hall")],
      related=("a29",)),
    A("a29", "2025-10-11 19:30", "chinhtri",
      "Bế mạc Đại hội Đảng bộ tỉnh: đồng chí {N:khai} tiếp tục được bầu làm Bí thư Tỉnh ủy",
      "Chiều 11/10, Đại hội đại biểu Đảng bộ tỉnh lần thứ XVIII bế mạc sau ba ngày làm việc.",
      ["Tại phiên họp thứ nhất, Ban Chấp hành Đảng bộ tỉnh khóa XVIII bầu Ban Thường vụ gồm 15 "
       "đồng chí. Đồng chí {P:khai} tiếp tục được bầu làm Bí thư Tỉnh ủy; đồng chí {N:khanh} được "
       "bầu làm Phó Bí thư Thường trực Tỉnh ủy; đồng chí {N:toan} tiếp tục giữ chức Phó Bí thư "
       "Tỉnh ủy.",
       "Đồng chí {N:loc} được bầu làm Chủ nhiệm {O:ubkt|Ủy ban Kiểm tra (UBKT) Tỉnh ủy} khóa "
       "XVIII.",
       "Phát biểu bế mạc, đồng chí {T:khai@tinhuy} cảm ơn {N:quyet|đồng chí Hoàng Văn Quyết}, "
       "người có nhiều đóng góp cho Đảng bộ tỉnh trong hai nhiệm kỳ và không tham gia cấp ủy "
       "khóa mới."],
      "haidang vantu:photo", ["Đại hội Đảng bộ tỉnh", "Nhiệm kỳ 2025–2030", "Công tác cán bộ"],
      [Ph("Ban Thường vụ Tỉnh ủy khóa XVIII ra mắt Đại hội", "hall",
          people=["khai", "khanh", "toan", "hanh", "vinh", "loc"]),
       Ph("Đồng chí {P:khai} phát biểu bế mạc Đại hội", "hall")],
      related=("a28", "a30")),
    A("a30", "2025-10-28 16:00", "chinhtri",
      "HĐND tỉnh bầu Chủ tịch HĐND tỉnh nhiệm kỳ 2021–2026",
      "Ngày 28/10, {O:hdndtinh|HĐND tỉnh} khóa XVII họp chuyên đề để kiện toàn chức danh Chủ "
      "tịch HĐND tỉnh.",
      ["Với 100% đại biểu có mặt tán thành, kỳ họp miễn nhiệm chức danh Chủ tịch HĐND tỉnh đối "
       "với đồng chí {N:quyet} để nghỉ hưu theo chế độ và bầu đồng chí {N:khanh}, "
       "{T:khanh@tinhuy} giữ chức Chủ tịch HĐND tỉnh nhiệm kỳ 2021–2026.",
       "Phát biểu nhận nhiệm vụ, {N:khanh|đồng chí Khánh} cam kết cùng Thường trực HĐND tỉnh đổi "
       "mới hoạt động giám sát, chuẩn bị tốt cho cuộc bầu cử đại biểu Quốc hội và HĐND các cấp "
       "nhiệm kỳ 2026–2031."],
      "thutrang", ["HĐND tỉnh", "Công tác cán bộ"],
      [Ph("Đồng chí {P:khanh} (thứ ba từ trái sang) cùng Ban Thường vụ Tỉnh ủy khóa XVIII. Ảnh "
          "tư liệu", "hall", reuse=("a29", 0)),
       Ph("Đồng chí {P:khai} tặng hoa chúc mừng đồng chí {P:khanh}", "hall")],
      related=("a29",)),
    A("a31", "2025-11-12 09:45", "kinhte",
      "Giá hồi tăng, nông dân vùng cao phấn khởi vào vụ thu hoạch",
      "Những ngày này, người dân các xã vùng cao phía tây của tỉnh tất bật thu hái hồi vụ cuối "
      "năm. Hồi khô có giá 80–90 nghìn đồng/kg, cao hơn năm trước khoảng 15%.",
      ["Theo {O:so_nnmt}, toàn tỉnh có hơn 38 nghìn ha hồi, khoảng 2.500 ha đã được chứng nhận "
       "hữu cơ. Đồng chí {P:manh} cho biết sở đang hỗ trợ các hợp tác xã xây dựng mã số vùng "
       "trồng để mở rộng xuất khẩu.",
       "Đồng chí {P:chien} khuyến cáo bà con thu hái đúng độ chín, không bẻ cành làm ảnh hưởng "
       "tới vụ sau."],
      "minhphuong baongoc:photo", ["Cây hồi", "Nông nghiệp", "Hợp tác xã"],
      [Ph("Người dân thu hái hồi vụ cuối năm", "field"),
       Ph("Đồng chí {P:manh} kiểm tra chất lượng hồi khô tại một hợp tác xã", "field")],
      related=("a43",)),
    A("a32", "2025-12-09 11:10", "giaoduc",
      "Khởi công trường phổ thông nội trú liên cấp ở xã biên giới Na Sầm",
      "Ngày 9/12, tỉnh khởi công Trường Phổ thông dân tộc nội trú liên cấp tiểu học và trung "
      "học cơ sở tại xã Na Sầm, tổng mức đầu tư hơn 200 tỷ đồng.",
      ["Dự lễ khởi công có các đồng chí: {P:toan}; {P:mai}.",
       "Trường được thiết kế cho 1.000 học sinh với khu nội trú, nhà ăn, sân thể thao, dự kiến "
       "hoàn thành trước năm học 2026–2027.",
       "Đồng chí {P:kien} cho biết xã hoàn thành giải phóng mặt bằng trong một tháng nhờ người "
       "dân đồng thuận hiến đất."],
      "lananh vantu:photo", ["Trường nội trú", "Na Sầm", "Giáo dục vùng biên"],
      [Ph("Đồng chí {P:toan} và các đại biểu thực hiện nghi thức khởi công", "field",
          people=["mai", "kien"])],
      related=("a41",)),
    A("a33", "2026-01-14 15:00", "chinhtri",
      "Ban Tuyên giáo và Dân vận Tỉnh ủy triển khai nhiệm vụ năm 2026",
      "Ngày 14/1, {O:bantgdv} tổng kết công tác năm 2025, triển khai nhiệm vụ năm 2026.",
      ["Năm đầu hoạt động sau hợp nhất, ban đã tham mưu tuyên truyền đại hội đảng bộ các cấp, "
       "nắm bắt dư luận xã hội và vận động nhân dân đồng thuận với việc sắp xếp đơn vị hành "
       "chính.",
       "Đồng chí {P:hanh} đề nghị năm 2026 tập trung tuyên truyền cuộc bầu cử đại biểu Quốc hội "
       "khóa XVI và HĐND các cấp, đổi mới công tác dân vận ở các xã mới.",
       "Các Phó Trưởng Ban {N:duc} và {N:lan} được phân công phụ trách từng khối việc."],
      "haidang", ["Tuyên giáo", "Dân vận"],
      [Ph("Đồng chí {P:hanh} phát biểu tại hội nghị", "hall")]),
    A("a34", "2026-02-10 10:20", "xahoi",
      "Mang Tết sum vầy đến công nhân, người lao động",
      "Ngày 10/2, {O:mttqtinh|Ủy ban MTTQ tỉnh} phối hợp với các doanh nghiệp tổ chức chương "
      "trình “Tết sum vầy” năm 2026, tặng 500 suất quà cho công nhân, người lao động khó khăn.",
      ["Đồng chí {P:huong} cho biết, cùng với quà, chương trình hỗ trợ 120 vé xe cho công nhân ở "
       "xa về quê đón Tết.",
       "Tại {O:db_dienluc}, đồng chí {P:nghia} thông tin công ty đã bố trí lịch trực xuyên Tết, "
       "bảo đảm cấp điện an toàn cho các cửa khẩu và khu dân cư."],
      "thutrang baongoc:photo", ["Tết Bính Ngọ", "Công nhân", "MTTQ"],
      [Ph("Đồng chí {P:huong} tặng quà công nhân", "crowd")]),
    A("a35", "2026-03-15 17:00", "thoisu",
      "Cử tri các dân tộc trong tỉnh nô nức đi bầu cử",
      "Từ sáng sớm 15/3, cử tri các dân tộc trong tỉnh có mặt tại các điểm bỏ phiếu để bầu đại "
      "biểu Quốc hội khóa XVI và đại biểu HĐND các cấp nhiệm kỳ 2026–2031.",
      ["Tại khu vực bỏ phiếu số 1 phường Lương Văn Tri, đồng chí {P:khai} cùng cử tri thực hiện "
       "quyền, nghĩa vụ công dân.",
       "Đến 15 giờ, tỷ lệ cử tri đi bầu đạt trên 95%. Đồng chí {P:tung} kiểm tra công tác bầu cử "
       "tại xã Thất Khê, đánh giá các tổ bầu cử làm việc đúng quy trình."],
      "haidang minhphuong quocviet:photo", ["Bầu cử", "Quốc hội khóa XVI"],
      [Ph("Đồng chí {P:khai} bỏ phiếu tại khu vực bỏ phiếu số 1, phường Lương Văn Tri",
          "crowd")],
      related=("a36",)),
    A("a36", "2026-04-22 16:30", "chinhtri",
      "Kỳ họp thứ nhất HĐND tỉnh khóa XVIII bầu các chức danh chủ chốt",
      "Ngày 22/4, {O:hdndtinh|HĐND tỉnh} khóa XVIII, nhiệm kỳ 2026–2031 họp kỳ thứ nhất, bầu "
      "các chức danh lãnh đạo HĐND và UBND tỉnh.",
      ["Kỳ họp bầu đồng chí {N:khanh}, {T:khanh@tinhuy} tái cử Chủ tịch HĐND tỉnh; đồng chí "
       "{N:hieu} giữ chức Phó Chủ tịch HĐND tỉnh.",
       "Đồng chí {N:toan} được bầu giữ chức Chủ tịch UBND tỉnh nhiệm kỳ 2026–2031; các đồng chí "
       "{N:thang} và {N:tien} được bầu làm Phó Chủ tịch UBND tỉnh.",
       "Phát biểu tại kỳ họp, đồng chí {P:khai} đề nghị HĐND, UBND tỉnh nhiệm kỳ mới đổi mới lề "
       "lối làm việc, sát dân, vì dân."],
      "thutrang quocviet:photo", ["HĐND tỉnh", "Kỳ họp", "Công tác cán bộ"],
      [Ph("Các đồng chí {N:khanh}, {N:toan} tuyên thệ nhậm chức", "hall")],
      related=("a35",)),
    A("a37", "2026-05-21 08:00", "vanhoa",
      "Mẫu Sơn vào mùa du lịch hè",
      "Khu du lịch Mẫu Sơn đón lượng khách tăng mạnh dịp đầu hè nhờ khí hậu mát mẻ và nhiều sản "
      "phẩm du lịch cộng đồng mới.",
      ["Đồng chí {P:ngocanh} cho biết 5 tháng đầu năm toàn tỉnh đón hơn 2,1 triệu lượt khách, "
       "Mẫu Sơn chiếm gần một phần tư.",
       "Sở đang cùng các xã vùng cao xây dựng tour trải nghiệm văn hóa Dao, Nùng gắn với đặc "
       "sản địa phương."],
      "lananh baongoc:photo", ["Du lịch", "Mẫu Sơn"],
      [Ph("Du khách ngắm mây trên đỉnh Mẫu Sơn", "field")]),
    A("a38", "2026-06-18 15:45", "kinhte",
      "Một năm vận hành nền tảng cửa khẩu số",
      "Ngày 18/6, {O:ubndtinh|UBND tỉnh} đánh giá một năm triển khai nền tảng cửa khẩu số, giúp "
      "rút ngắn thời gian làm thủ tục cho phương tiện xuất nhập khẩu.",
      ["Đồng chí {P:thang} cho biết thời gian thông quan trung bình một xe hàng giảm từ khoảng 4 "
       "giờ xuống dưới 1 giờ; doanh nghiệp theo dõi trạng thái xe ngay trên điện thoại.",
       "Đồng chí {P:tien} đề nghị mở rộng nền tảng tới các cửa khẩu phụ, kết nối dữ liệu với cơ "
       "quan hải quan, biên phòng."],
      "minhphuong quocviet:photo", ["Kinh tế cửa khẩu", "Chuyển đổi số"],
      [Ph("Đồng chí {P:thang} theo dõi hoạt động của nền tảng cửa khẩu số", "border")],
      related=("a14",)),
    A("a39", "2026-07-27 07:15", "xahoi",
      "Thắp nến tri ân các anh hùng liệt sĩ",
      "Tối 26/7, tại Nghĩa trang liệt sĩ tỉnh, lãnh đạo tỉnh và đông đảo người dân thắp nến tri "
      "ân các anh hùng liệt sĩ nhân kỷ niệm 79 năm Ngày Thương binh – Liệt sĩ.",
      ["Đoàn đại biểu do đồng chí {P:khanh} dẫn đầu dâng hương, dâng hoa tại Đài tưởng niệm.",
       "Trước đó, đồng chí {P:huong} cùng đoàn công tác thăm, tặng quà 40 gia đình chính sách "
       "tiêu biểu ở xã Đồng Đăng và phường Lương Văn Tri."],
      "thutrang vantu:photo", ["Thương binh – Liệt sĩ", "Đền ơn đáp nghĩa"],
      [Ph("Đồng chí {P:khanh} dâng hương tưởng niệm các anh hùng liệt sĩ", "crowd")]),
    A("a40", "2026-08-20 18:10", "qpan",
      "Diễn tập khu vực phòng thủ tỉnh năm 2026 thành công",
      "Ngày 20/8, cuộc diễn tập khu vực phòng thủ tỉnh năm 2026 kết thúc sau 5 ngày thực hành "
      "với gần 2.000 người tham gia.",
      ["Cuộc diễn tập đặt dưới sự chỉ đạo trực tiếp của đồng chí {P:khai}.",
       "Đại tá {P:ha} cho biết lần đầu tiên diễn tập được tổ chức theo mô hình chính quyền địa "
       "phương hai cấp; các xã trực tiếp huy động lực lượng dân quân tự vệ."],
      "ducthinh baongoc:photo", ["Diễn tập khu vực phòng thủ", "Quốc phòng toàn dân"],
      [Ph("Đồng chí {P:khai} kiểm tra khu vực diễn tập", "field", people=["ha"]),
       Ph("Dân quân xã Đồng Đăng thực hành phương án bảo vệ mục tiêu", "field")]),
    A("a41", "2026-09-05 10:40", "giaoduc",
      "Hơn 200 nghìn học sinh bước vào năm học mới",
      "Sáng 5/9, các trường học trong tỉnh khai giảng năm học 2026–2027. Đây là năm học đầu tiên "
      "Trường Phổ thông dân tộc nội trú liên cấp ở xã Na Sầm đón học sinh.",
      ["Dự lễ khai giảng tại Na Sầm có các đồng chí: {P:khanh}; {P:mai}.",
       "Tại Trường THCS Đồng Đăng, đồng chí {P:phuong} cho biết nhà trường đã chuẩn bị đủ phòng "
       "học, đồ dùng và bố trí giáo viên cho các lớp ở điểm trường thôn."],
      "lananh vantu:photo", ["Khai giảng", "Năm học 2026–2027"],
      [Ph("Đồng chí {P:khanh} đánh trống khai giảng năm học mới", "classroom")],
      related=("a32",)),
    A("a42", "2026-10-14 16:50", "chinhtri",
      "UBKT Tỉnh ủy kiểm tra việc kê khai tài sản tại xã Thất Khê",
      "Ngày 14/10, đoàn công tác của {O:ubkt|UBKT Tỉnh ủy} do đồng chí {P:loc} làm trưởng đoàn "
      "làm việc với {O:x_thatkhe|Đảng ủy xã Thất Khê} về kê khai, công khai tài sản, thu nhập.",
      ["Đồng chí {P:dao} báo cáo: 100% cán bộ thuộc diện kê khai của xã đã hoàn thành đúng hạn; "
       "xã lập tổ giúp việc để xác minh theo kế hoạch.",
       "{N:loc|Đồng chí Lộc} đề nghị Đảng ủy xã Thất Khê công khai bản kê khai tại nơi làm việc "
       "theo quy định và xử lý kịp thời phản ánh của người dân."],
      "haidang", ["Kiểm tra, giám sát", "Thất Khê"],
      [Ph("Đồng chí {P:loc} làm việc với Đảng ủy xã Thất Khê", "hall", people=["dao"])]),
    A("a43", "2026-11-10 15:00", "kinhte",
      "Hội chợ nông sản vùng biên thu hút đông khách",
      "Hội chợ nông sản, đặc sản vùng biên năm 2026 khai mạc ngày 10/11 tại phường Lương Văn Tri "
      "với gần 150 gian hàng của hợp tác xã, doanh nghiệp trong và ngoài tỉnh.",
      ["Đồng chí {P:oanh} cho biết hội chợ giúp các sản phẩm OCOP như hồi, quế, na Chi Lăng tìm "
       "thêm đầu mối tiêu thụ.",
       "Đồng chí {P:hue} hướng dẫn các hợp tác xã đăng ký bán hàng trên sàn thương mại điện tử "
       "của tỉnh."],
      "minhphuong baongoc:photo", ["OCOP", "Hội chợ", "Nông sản"],
      [Ph("Đồng chí {P:oanh} (thứ hai từ phải sang) tham quan gian hàng na Chi Lăng", "crowd")]),
    # The last days, dated from today so the demo always ends near now.
    A("r01", ("ago", 6, "17:20"), "chinhtri",
      "Ban Thường vụ Tỉnh ủy cho ý kiến dự thảo báo cáo tổng kết năm",
      "Ban Thường vụ {O:tinhuy} họp phiên thường kỳ, cho ý kiến vào dự thảo báo cáo kết quả "
      "thực hiện nhiệm vụ chính trị năm và chương trình công tác năm tới. Đồng chí {P:khai} "
      "chủ trì.",
      ["Theo dự thảo, phần lớn chỉ tiêu kinh tế – xã hội năm nay đạt và vượt kế hoạch; chính "
       "quyền hai cấp vận hành ổn định, trên 98% hồ sơ thủ tục hành chính cấp xã được giải "
       "quyết đúng hạn.",
       "Đồng chí {P:khanh} đề nghị các cơ quan tham mưu bổ sung số liệu, làm rõ nguyên nhân của "
       "những chỉ tiêu chưa đạt."],
      "haidang", ["Tỉnh ủy", "Tổng kết năm"],
      [Ph("Đồng chí {P:khai} kết luận phiên họp. Ảnh tư liệu", "hall", reuse=("a01", 0))]),
    A("r02", ("ago", 3, "09:10"), "xahoi",
      "Tiêm chủng bổ sung cho trẻ em vùng cao, biên giới",
      "{O:so_yte} phát động chiến dịch tiêm chủng bổ sung vắc xin sởi – rubella cho trẻ dưới 5 "
      "tuổi tại 20 xã vùng cao, biên giới.",
      ["Đồng chí {P:hung} cho biết các tổ tiêm chủng lưu động sẽ đến từng thôn, bản để trẻ "
       "không phải đi xa; mục tiêu đạt tỷ lệ tiêm trên 95%."],
      "thutrang vantu:photo", ["Y tế", "Tiêm chủng"],
      [Ph("Cán bộ y tế tiêm vắc xin cho trẻ tại xã Na Sầm", "crowd")]),
    A("r03", ("ago", 1, "16:00"), "thoisu",
      "Đoàn ĐBQH tỉnh tiếp xúc cử tri xã Đồng Đăng",
      "{O:doanbqh|Đoàn đại biểu Quốc hội (ĐBQH) tỉnh} tiếp xúc cử tri xã Đồng Đăng, thông tin "
      "kết quả kỳ họp của Quốc hội.",
      ["Đồng chí {P:tung} thông tin về các luật, nghị quyết vừa được thông qua. Cử tri kiến nghị "
       "sớm hoàn thiện đường kết nối các khu kinh tế cửa khẩu, hỗ trợ đất sản xuất cho hộ bị "
       "thu hồi đất.",
       "Đồng chí {P:son} tiếp thu, giải trình các kiến nghị thuộc thẩm quyền của xã."],
      "minhphuong", ["Tiếp xúc cử tri", "Đồng Đăng"],
      [Ph("Đồng chí {P:tung} phát biểu tại buổi tiếp xúc cử tri", "hall")]),
    # Not yet visible to readers.
    A("s01", ("ahead", 2, "07:00"), "qpan",
      "Tuần lễ tri ân các thế hệ bộ đội Cụ Hồ",
      "{O:bchqs|Bộ Chỉ huy Quân sự tỉnh} phát động tuần lễ tri ân cựu chiến binh và thân nhân "
      "liệt sĩ, hướng tới ngày truyền thống của Quân đội nhân dân Việt Nam.",
      ["Đại tá {P:ha} cho biết các đơn vị sẽ thăm hỏi 300 gia đình chính sách, sửa chữa 10 nhà "
       "tình nghĩa ở các xã biên giới."],
      "ducthinh", ["Quốc phòng toàn dân", "Đền ơn đáp nghĩa"]),
    A("d01", None, "kinhte",
      "Xã Đồng Đăng lập quy hoạch khu dịch vụ logistics",
      "{O:x_dongdang|Đảng ủy xã Đồng Đăng} vừa cho ý kiến vào phương án quy hoạch khu dịch vụ "
      "logistics rộng 60 ha gần cửa khẩu.",
      ["Đồng chí {P:son} đề nghị lấy ý kiến người dân có đất trong vùng quy hoạch trước khi "
       "trình tỉnh."],
      "haidang", ["Logistics", "Đồng Đăng"], status="draft"),
    A("d02", None, "xahoi",
      "Ghi chép: một ngày ở thôn Pác Luống",
      "Thôn Pác Luống nằm sát đường biên, có 86 hộ, phần lớn là đồng bào Nùng.",
      ["Đồng chí {P:khin} dẫn chúng tôi đi thăm những vườn hồi mới trồng lại sau đợt rét đậm "
       "đầu năm."],
      "thutrang", ["Ghi chép", "Đồng Đăng"], status="draft"),
    A("v01", None, "giaoduc",
      "Hội thi giáo viên dạy giỏi cấp tỉnh năm học 2026–2027",
      "{O:so_gddt} tổ chức hội thi giáo viên dạy giỏi cấp tỉnh với 180 giáo viên dự thi.",
      ["Đồng chí {P:mai} cho biết năm nay hội thi chú trọng bài giảng ứng dụng công nghệ số ở "
       "các trường vùng cao."],
      "lananh", ["Giáo dục", "Giáo viên"], status="review"),
    A("u01", "2026-10-01 08:00", "thoisu",
      "Thường trực HĐND tỉnh thông báo lịch tiếp công dân tháng 10",
      "Thường trực {O:hdndtinh|HĐND tỉnh} tiếp công dân định kỳ vào ngày 20/10 tại Trụ sở tiếp "
      "công dân tỉnh.",
      ["Công dân có thể gửi đơn trước qua Trung tâm phục vụ hành chính công của tỉnh."],
      "thutrang", ["HĐND tỉnh", "Tiếp công dân"], status="unpublished"),
]  # fmt: skip
