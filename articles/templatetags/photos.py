"""``{% load photos %}``: responsive photos from stored renditions, never resized per request.

    {% picture photo sizes="(min-width: 1024px) 720px, 100vw" loading="lazy" %}
    {% picture article.featured_photo sizes="100vw" loading="eager" fetchpriority="high" %}
    <meta property="og:image" content="{{ photo|rendition_url:1200 }}">

Fetch the photos with ``articles.photos.renditions_prefetch(...)`` so that the tag makes no
query; without it, it makes one per photo.
"""

from django import template

from articles.photos import picture_html
from articles.photos import rendition_url as _rendition_url

register = template.Library()


@register.simple_tag
def picture(photo, sizes="100vw", loading="lazy", alt=None, css_class="", fetchpriority=""):
    """``<picture>``: WebP ``<source srcset>``, JPEG ``<img srcset>`` with width, height, alt,
    ``loading`` and ``decoding="async"``; the original file when no rendition exists yet."""
    return picture_html(
        photo,
        sizes=sizes,
        loading=loading,
        alt=alt,
        css_class=css_class,
        fetchpriority=fetchpriority,
    )


@register.filter
def rendition_url(photo, width=1080):
    """URL of the smallest JPEG rendition at least ``width`` wide (else the widest, else the
    original): for og:image, twitter:image and JSON-LD."""
    try:
        width = int(width)
    except (TypeError, ValueError):
        width = 1080
    return _rendition_url(photo, width)
