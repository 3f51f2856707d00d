"""Entity detection: matching rules, title resolution, storage, editors' decisions, the cache."""

import unicodedata

import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from articles import linking
from articles.linking import detect, load_directory, match_key
from articles.models import (
    MentionOrigin,
    MentionProposal,
    OrganizationMention,
    PersonMention,
    ProposalStatus,
)
from newsroom.text import normalize
from people.models import Person, Position

from .factories import (
    day,
    make_article,
    make_article_photo,
    make_organization,
    make_person,
    make_position,
    make_user,
    mention_person,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_directory():
    linking.invalidate_directory()


def _people(detection):
    return {Person.objects.get(pk=pk).full_name for pk in detection.people}


def _run(on="01/06/2021", **texts):
    return detect(day=day(on), directory=load_directory(), **texts)


VIETNAMESE = st.text(
    alphabet=st.sampled_from(list("aăâeêioôơuưyAĂÂOUYĐđ hoàuỷéẹ  \u00a0\u0300\u0301\u0309\u0323")),
    max_size=30,
)


@settings(max_examples=300, deadline=None)
@given(VIETNAMESE)
def test_match_key_is_normalize_then_lower_case(text):
    assert match_key(text) == normalize(text).lower()


@pytest.mark.parametrize(
    "name, place",
    [
        ("Huyện ủy Cao Lộc", "Cao Lộc"),
        ("Đảng bộ thị trấn Đồng Đăng", "Đồng Đăng"),
        ("Ủy ban nhân dân tỉnh Lạng Sơn", "Lạng Sơn"),
        ("Chi bộ Phòng Giáo dục và Đào tạo huyện Lộc Bình", "Lộc Bình"),
        ("Đảng ủy Khối các cơ quan tỉnh", ""),
        ("Chi bộ Phòng Giáo dục và Đào tạo huyện", ""),
        ("Bộ Chính trị", ""),
    ],
)
def test_place_read_from_an_organization_name(name, place):
    assert linking._locality(name) == place


def test_match_keys_in_bulk_equal_one_by_one():
    names = ["Hoàng Văn Nghiệm", "Tỉnh uỷ", " Hội  đồng\u00a0nhân dân ", "HOÀ", "hoặc", "Đ"]
    names.append(unicodedata.normalize("NFD", "Lộc Bình"))
    assert linking.match_keys(names) == [match_key(name) for name in names]


def test_tone_marks_tell_people_apart():
    nghiem = make_person("Hoàng Văn Nghiệm")
    make_person("Hoàng Văn Nghiêm")
    found = _run(lead="Đồng chí HOÀNG VĂN NGHIỆM phát biểu.")
    assert set(found.people) == {nghiem.pk}
    assert _people(_run(lead="Ông Hoàng Văn Nghiêm dự họp.")) == {"Hoàng Văn Nghiêm"}
    assert not _run(lead="Ông Hoàng Văn Nghiem dự họp.").people


def test_a_family_name_inside_a_place_name_is_not_a_person():
    make_organization("Huyện ủy Cao Lộc")
    loc = make_person("Chu Văn Lộc", aliases="Lộc")
    assert not _run(body="Đoàn công tác đến Cao Lộc rồi về huyện Lộc Bình, thăm xã Lộc Yên.").people
    assert set(_run(body="Đồng chí Lộc trao quà cho học sinh.").people) == {loc.pk}
    assert not _run(body="các gia đình lộc phát tài").people  # lower case: not a name


def test_ho_chi_minh_in_an_institution_or_a_city_is_not_the_person():
    make_person("Hồ Chí Minh")
    texts = [
        "Liên đội Đội Thiếu niên Tiền phong Hồ Chí Minh của trường được khen.",
        "Anh về từ Thành phố Hồ Chí Minh.",
        "Đoàn Thanh niên Cộng sản Hồ Chí Minh tổ chức mít tinh.",
    ]
    for text in texts:
        assert not _run(body=text).people, text
    assert _people(_run(body="Học tập lời dạy của Chủ tịch Hồ Chí Minh.")) == {"Hồ Chí Minh"}


def test_a_school_or_street_named_after_a_person_is_not_the_person():
    make_person("Lương Văn Tri")
    for text in ("Học sinh Trường THPT Lương Văn Tri đạt giải.", "Nhà ở Phố Lương Văn Tri."):
        assert not _run(body=text).people, text
    assert _people(_run(body="Tại Lạng Sơn, Lương Văn Tri hoạt động.")) == {"Lương Văn Tri"}


def test_longest_match_wins():
    province = make_organization("Tỉnh ủy Lạng Sơn", short_name="Tỉnh ủy")
    standing = make_organization("Ban Thường vụ Tỉnh ủy", parent=province)
    found = _run(body="Ban Thường vụ Tỉnh ủy đã họp.")
    assert set(found.organizations) == {standing.pk}
    found = _run(body="Tỉnh ủy đã họp.")
    assert set(found.organizations) == {province.pk}


def test_abbreviation_introduced_in_the_article_and_its_contracted_forms():
    province = make_organization("Tỉnh ủy Lạng Sơn", short_name="Tỉnh ủy")
    # No abbreviation in the directory: the article's own "(KDN)" teaches it.
    business = make_organization("Đảng ủy Khối Doanh nghiệp tỉnh", parent=province)
    found = _run(
        lead="Hội nghị Ban Chấp hành Đảng bộ Khối Doanh nghiệp (KDN) tỉnh khai mạc.",
        body="Đảng ủy KDN tỉnh có 40 tổ chức cơ sở đảng.",
    )
    assert set(found.organizations) == {business.pk}
    alone = _run(body="Đảng ủy KDN tỉnh có 40 tổ chức cơ sở đảng.")
    assert not alone.organizations  # the abbreviation was never introduced
    span = found.organizations[business.pk].span
    assert span.field == "lead" and span.text == "Đảng bộ Khối Doanh nghiệp (KDN) tỉnh"


def test_directory_abbreviation_makes_contracted_forms():
    bloc = make_organization("Đảng ủy Khối các cơ quan tỉnh", abbreviation="KCCQ")
    for text in (
        "Đảng ủy KCCQ tỉnh họp.",
        "Đảng bộ KCCQ tỉnh có 69 chi bộ.",
        "Đảng bộ Khối các cơ quan tỉnh.",
    ):
        assert set(_run(body=text).organizations) == {bloc.pk}, text


def test_title_only_reference_resolves_to_the_holder_on_the_article_date():
    committee = make_organization("Ủy ban nhân dân tỉnh Lạng Sơn", short_name="UBND tỉnh")
    old = make_person("Triệu Đức Long")
    new = make_person("Mông Thị Yến")
    make_position(
        old, committee, "Chủ tịch", started_on=day("01/07/2016"), ended_on=day("30/06/2023")
    )
    make_position(new, committee, "Chủ tịch", started_on=day("01/07/2023"))
    text = "Chiều 9/3, Chủ tịch UBND tỉnh chủ trì hội nghị."
    assert set(_run("30/06/2023", lead=text).people) == {old.pk}
    assert set(_run("01/07/2023", lead=text).people) == {new.pk}
    # "nguyên" (former) is not today's holder; "Phó Chủ tịch" is another title.
    assert not _run("01/07/2023", lead="nguyên Chủ tịch UBND tỉnh phát biểu.").people
    assert not _run("01/07/2023", lead="Phó Chủ tịch UBND tỉnh phát biểu.").people


@pytest.mark.parametrize(
    "on", ["31/12/2019", "01/01/2020", "15/06/2020", "31/12/2020", "01/01/2021"]
)
def test_in_memory_held_on_agrees_with_the_queryset(on):
    person = make_person("Lương Văn Khải")
    org = make_organization("Tỉnh ủy Lạng Sơn", short_name="Tỉnh ủy")
    make_position(person, org, "Bí thư", started_on=day("01/01/2020"), ended_on=day("31/12/2020"))
    make_position(person, org, "Phó Bí thư", started_on=None, ended_on=day("31/12/2019"))
    make_position(person, org, "Tỉnh ủy viên", started_on=day("01/01/2021"), ended_on=None)
    directory = load_directory()
    in_memory = {p.id for p in directory.positions_by_person[person.pk] if p.held_on(day(on))}
    assert in_memory == set(Position.objects.held_on(day(on)).values_list("pk", flat=True))


def test_positions_printed_after_and_before_a_name_are_cited():
    province = make_organization("Tỉnh ủy Lạng Sơn", short_name="Tỉnh ủy")
    council = make_organization("Hội đồng nhân dân tỉnh Lạng Sơn", short_name="HĐND tỉnh")
    person = make_person("Nông Thị Hạnh")
    deputy = make_position(person, province, "Phó Bí thư Thường trực")
    chair = make_position(person, council, "Chủ tịch")
    found = _run(
        lead="đồng chí Nông Thị Hạnh, Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh dự."
    )
    assert found.people[person.pk].position_ids == {deputy.pk, chair.pk}
    assert set(found.organizations) == {province.pk, council.pk}
    found = _run(lead="Chủ tịch HĐND tỉnh Nông Thị Hạnh phát biểu.")
    assert found.people[person.pk].position_ids == {chair.pk}


def test_spans_point_into_the_original_text_whatever_its_spelling():
    org = make_organization("Tỉnh ủy Lạng Sơn", short_name="Tỉnh ủy")
    person = make_person("Lương Văn Khải")
    make_position(person, org, "Bí thư")
    decomposed = unicodedata.normalize("NFD", "Ông Lương  Văn\u00a0Khải")
    text = f"Theo Tỉnh uỷ,\t{decomposed}, Bí thư Tỉnh uỷ dự."
    found = _run(body=text)
    span = found.people[person.pk].span
    assert text[span.start : span.end] == span.text
    assert normalize(span.text) == "Lương Văn Khải"
    org_span = found.organizations[org.pk].span
    assert org_span.text == "Tỉnh uỷ" and text[org_span.start : org_span.end] == "Tỉnh uỷ"


def test_shared_name_resolved_by_the_organization_the_article_names():
    province = make_organization("Tỉnh ủy Lạng Sơn", short_name="Tỉnh ủy")
    districts = [
        make_organization(f"Huyện ủy {n}", parent=province) for n in ("Cao Lộc", "Văn Lãng")
    ]
    cells = [
        make_organization(
            f"Chi bộ Phòng Giáo dục và Đào tạo huyện {n}",
            parent=district,
            aliases="Chi bộ Phòng Giáo dục và Đào tạo huyện",
        )
        for n, district in zip(("Cao Lộc", "Văn Lãng"), districts, strict=True)
    ]
    text = "Tỉnh ủy chỉ đạo Huyện ủy Văn Lãng chọn Chi bộ Phòng Giáo dục và Đào tạo huyện làm điểm."
    assert set(_run(body=text).organizations) == {province.pk, districts[1].pk, cells[1].pk}
    assert not _run(body="Chi bộ Phòng Giáo dục và Đào tạo huyện họp.").organizations


def test_renamed_organization_sharing_a_name_resolves_by_date():
    old = make_organization(
        "Đảng bộ thị trấn Đồng Đăng", aliases="Đảng bộ Đồng Đăng", dissolved_on=day("30/06/2025")
    )
    new = make_organization(
        "Đảng bộ xã Đồng Đăng", aliases="Đảng bộ Đồng Đăng", founded_on=day("01/07/2025")
    )
    text = "Đảng bộ Đồng Đăng tổ chức hội nghị."
    assert set(_run("30/06/2025", body=text).organizations) == {old.pk}
    assert set(_run("01/07/2025", body=text).organizations) == {new.pk}


def test_unknown_official_becomes_a_proposal_not_the_holder():
    office = make_organization(
        "Sở Giáo dục và Đào tạo tỉnh Lạng Sơn", short_name="Sở Giáo dục và Đào tạo"
    )
    director = make_person("Vi Văn Thắng")
    make_position(director, office, "Giám đốc")
    found = _run(
        body="Đồng chí Đinh Quang Vũ, Giám đốc Sở Giáo dục và Đào tạo phát biểu. "
        "Đồng chí La Thị Mai, Phó Giám đốc Sở Giáo dục và Đào tạo dự."
    )
    assert not found.people
    proposals = {
        (p.full_name, p.title, p.organization_text, p.organization_id) for p in found.proposals
    }
    assert proposals == {
        ("Đinh Quang Vũ", "Giám đốc", "Sở Giáo dục và Đào tạo", office.pk),
        ("La Thị Mai", "Phó Giám đốc", "Sở Giáo dục và Đào tạo", office.pk),
    }


def test_caption_people_and_given_name_references():
    org = make_organization("Tỉnh ủy Lạng Sơn", short_name="Tỉnh ủy")
    khai = make_person("Lương Văn Khải")
    make_position(khai, org, "Bí thư")
    hanh = make_person("Nông Thị Hạnh")
    found = _run(
        lead="Đồng chí Lương Văn Khải và đồng chí Nông Thị Hạnh dự lễ.",
        captions=["Đồng chí Khải tặng hoa", "Đồng chí Bí thư Tỉnh ủy phát biểu", "Quang cảnh lễ"],
    )
    assert found.captions == [{khai.pk}, {khai.pk}, set()]
    assert set(found.people) == {khai.pk, hanh.pk}


# -- storage -------------------------------------------------------------------


@pytest.fixture
def linked_article():
    org = make_organization("Tỉnh ủy Lạng Sơn", short_name="Tỉnh ủy")
    khai = make_person("Lương Văn Khải")
    position = make_position(khai, org, "Bí thư")
    article = make_article(
        title="Bí thư Tỉnh ủy làm việc tại Lộc Bình",
        lead="Đồng chí Lương Văn Khải, Bí thư Tỉnh ủy làm việc với huyện.",
        body="<p>Đồng chí Đinh Quang Vũ, Phó Giám đốc Sở Tài chính báo cáo.</p>",
    )
    photo = make_article_photo(article, caption="Đồng chí Lương Văn Khải phát biểu")
    return article, org, khai, position, photo


def test_detected_links_are_stored_unconfirmed_with_their_span(linked_article):
    article, org, khai, position, photo = linked_article
    report = linking.article_detect_mentions(article=article)
    mention = PersonMention.objects.get(article=article, person=khai)
    assert (mention.origin, mention.confirmed, mention.rejected) == (
        MentionOrigin.DETECTED,
        False,
        False,
    )
    assert (mention.field, mention.span_text) == ("title", "Bí thư Tỉnh ủy")
    assert article.title[mention.span_start :].startswith(mention.span_text)
    assert list(mention.positions.all()) == [position]
    assert OrganizationMention.objects.get(article=article).organization == org
    assert list(photo.people.all()) == [khai]
    proposal = MentionProposal.objects.get(article=article)
    assert (proposal.full_name, proposal.title, proposal.organization_text) == (
        "Đinh Quang Vũ",
        "Phó Giám đốc",
        "Sở Tài chính",
    )
    assert report.people_created == 1 and report.organizations_created == 1


def test_detection_again_changes_nothing_and_runs_a_fixed_number_of_queries(
    linked_article, django_assert_num_queries
):
    article, *_ = linked_article
    linking.article_detect_mentions(article=article)
    before = list(PersonMention.objects.values_list("pk", "field", "span_start"))
    linking.get_directory()
    # savepoint, photos, person mentions + their positions, organization mentions,
    # caption people (insert or ignore), proposals, release
    with django_assert_num_queries(8):
        report = linking.article_detect_mentions(article=article)
    assert list(PersonMention.objects.values_list("pk", "field", "span_start")) == before
    assert (report.people_created, report.people_updated, report.people_removed) == (0, 0, 0)
    assert MentionProposal.objects.count() == 1


def test_editors_decisions_survive_detection(linked_article):
    article, org, khai, position, photo = linked_article
    hanh = make_person("Nông Thị Hạnh")
    manual = mention_person(article, hanh, confirmed=False, origin=MentionOrigin.MANUAL)
    linking.article_detect_mentions(article=article)
    linking.mentions_reject(queryset=OrganizationMention.objects.filter(article=article))
    linking.mentions_confirm(queryset=PersonMention.objects.filter(person=khai))
    article.lead = "Không còn tên ai."
    article.title = "Tin vắn"
    article.save()
    photo.caption = "Quang cảnh"
    photo.save()
    linking.article_detect_mentions(article=article)
    assert PersonMention.objects.get(person=khai).confirmed  # confirmed stays
    assert PersonMention.objects.filter(pk=manual.pk).exists()  # typed by an editor stays
    rejected = OrganizationMention.objects.get(article=article)
    assert rejected.rejected and not rejected.confirmed
    article.lead = "Đồng chí Lương Văn Khải, Bí thư Tỉnh ủy dự."
    article.save()
    linking.article_detect_mentions(article=article)
    assert OrganizationMention.objects.get(article=article).rejected  # not brought back


def test_detected_links_no_longer_found_are_dropped(linked_article):
    article, org, khai, position, photo = linked_article
    linking.article_detect_mentions(article=article)
    article.title, article.lead, article.body = "Tin vắn", "Không có ai.", ""
    article.save()
    photo.delete()
    report = linking.article_detect_mentions(article=article)
    assert report.people_removed == 1 and report.organizations_removed == 1
    assert not MentionProposal.objects.exists()


def test_accepting_a_proposal_creates_the_person_position_and_link(linked_article):
    article, *_ = linked_article
    finance = make_organization("Sở Tài chính tỉnh Lạng Sơn", short_name="Sở Tài chính")
    linking.article_detect_mentions(article=article)
    proposal = MentionProposal.objects.get()
    proposal.organization = finance
    proposal.save()
    editor = make_user()
    person = linking.proposal_accept(proposal=proposal, user=editor)
    assert person.full_name == "Đinh Quang Vũ"
    position = Position.objects.get(person=person)
    assert (position.title, position.organization) == ("Phó Giám đốc", finance)
    mention = PersonMention.objects.get(article=article, person=person)
    assert mention.confirmed and list(mention.positions.all()) == [position]
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED and proposal.decided_by == editor
    with pytest.raises(ValueError):
        linking.proposal_accept(proposal=proposal)
    # The new person is in the directory at once.
    assert person.pk in linking.get_directory().person_names


def test_directory_is_cached_and_rebuilt_only_after_a_change():
    make_person("Lương Văn Khải")
    first = linking.get_directory()
    assert linking.get_directory() is first
    make_article()  # articles do not touch the directory
    assert linking.get_directory() is first
    person = make_person("Nông Thị Hạnh")
    second = linking.get_directory()
    assert second is not first and person.pk in second.person_names
    make_position(person, make_organization("Tỉnh ủy Lạng Sơn"), "Phó Bí thư")
    assert linking.get_directory() is not second
    person.delete()
    assert person.pk not in linking.get_directory().person_names


# -- admin -----------------------------------------------------------------------


@pytest.fixture
def admin_client_(client):
    user = make_user(is_superuser=True)
    client.force_login(user)
    return client


def test_admin_detect_action_and_mention_review(admin_client_, linked_article):
    article, org, khai, position, photo = linked_article
    response = admin_client_.post(
        reverse("admin:articles_article_changelist"),
        {"action": "detect_mentions", "_selected_action": [article.pk]},
        follow=True,
    )
    assert response.status_code == 200
    assert "Đã phát hiện trong 1 bài" in response.content.decode()
    mention = PersonMention.objects.get(article=article)
    admin_client_.post(
        reverse("admin:articles_personmention_changelist"),
        {"action": "confirm_mentions", "_selected_action": [mention.pk]},
    )
    mention.refresh_from_db()
    assert mention.confirmed
    org_mention = OrganizationMention.objects.get(article=article)
    admin_client_.post(
        reverse("admin:articles_organizationmention_changelist"),
        {"action": "reject_mentions", "_selected_action": [org_mention.pk]},
    )
    org_mention.refresh_from_db()
    assert org_mention.rejected
    proposal = MentionProposal.objects.get()
    response = admin_client_.post(
        reverse("admin:articles_mentionproposal_changelist"),
        {"action": "accept_proposals", "_selected_action": [proposal.pk]},
        follow=True,
    )
    assert Person.objects.filter(full_name="Đinh Quang Vũ").exists()
    for name in (
        "articles_mentionproposal",
        "articles_personmention",
        "articles_organizationmention",
    ):
        assert admin_client_.get(reverse(f"admin:{name}_changelist")).status_code == 200
