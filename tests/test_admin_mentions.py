import pytest

from articles.admin import OrganizationMentionInline, PersonMentionInline
from articles.models import Article, OrganizationMention, PersonMention
from articles.roles import ROLE_EDITOR

from .factories import make_article, make_organization, make_person, make_staff

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "inline, model",
    [(PersonMentionInline, PersonMention), (OrganizationMentionInline, OrganizationMention)],
)
def test_a_mention_typed_in_the_admin_starts_confirmed(rf, inline, model):
    from django.contrib import admin

    request = rf.get("/")
    request.user = make_staff(ROLE_EDITOR)
    article = make_article()
    formset = inline(Article, admin.site).get_formset(request, article)(instance=article)
    assert formset.empty_form.fields["confirmed"].initial is True


def test_a_detected_mention_keeps_its_unconfirmed_state_in_the_form(rf):
    from django.contrib import admin

    request = rf.get("/")
    request.user = make_staff(ROLE_EDITOR)
    article = make_article()
    PersonMention.objects.create(
        article=article, person=make_person(), origin="detected", confirmed=False
    )
    OrganizationMention.objects.create(
        article=article, organization=make_organization(), origin="detected", confirmed=False
    )
    for inline in (PersonMentionInline, OrganizationMentionInline):
        formset = inline(Article, admin.site).get_formset(request, article)(instance=article)
        assert formset.forms[0]["confirmed"].value() is False
