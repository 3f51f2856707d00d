"""A media write that fails (a full disk, a read-only volume, an object store refusing) is
a message to the editor, never a 500, and leaves the record as it was.

Services that store files raise ``MediaWriteError`` once they have removed the files they
finished writing; admin classes with uploads mix in ``MediaWriteErrorAdmin``, which shows
the form again with the message after the save's transaction was rolled back.
"""

from __future__ import annotations

import errno
import logging

from django.core.exceptions import ValidationError

logger = logging.getLogger("newsroom.media")

DISK_FULL = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}
NOT_WRITABLE = {errno.EROFS, errno.EACCES, errno.EPERM}


def media_write_message(error: BaseException) -> str:
    code = getattr(error, "errno", None)
    if code in DISK_FULL:
        reason = "ổ lưu trữ ảnh và tệp đã đầy"
    elif code in NOT_WRITABLE:
        reason = "ổ lưu trữ ảnh và tệp đang không cho ghi"
    else:
        reason = "không ghi được tệp vào kho lưu trữ"
    return (
        f"Chưa lưu được: {reason}. Chưa có gì thay đổi. Hãy báo quản trị hệ thống, "
        "rồi chọn lại tệp và bấm Lưu lần nữa."
    )


class MediaWriteError(OSError):
    """A file could not be stored; the files already written for the same save are gone."""

    def __init__(self, error: BaseException):
        self.message = media_write_message(error)
        super().__init__(getattr(error, "errno", None), self.message)

    def __str__(self) -> str:
        return self.message


def storage_errors() -> tuple[type[BaseException], ...]:
    """What a storage raises when it cannot write: OSError, and boto's errors for S3."""
    try:
        from botocore.exceptions import BotoCoreError, ClientError
    except ImportError:  # pragma: no cover - boto3 is a dependency
        return (OSError,)
    return (OSError, BotoCoreError, ClientError)


def as_media_write_error(error: BaseException) -> MediaWriteError:
    return error if isinstance(error, MediaWriteError) else MediaWriteError(error)


class MediaWriteErrorAdmin:
    """Mix into a ModelAdmin (before it) whose forms upload files.

    A storage error while saving rolls back the whole save (the admin's transaction), then
    the same POST is shown again as a form with the message at the top: everything typed is
    still there, only the file has to be chosen again, as browsers never refill it.
    """

    def save_model(self, request, obj, form, change):
        try:
            super().save_model(request, obj, form, change)
        except storage_errors() as error:
            raise as_media_write_error(error) from error

    def save_related(self, request, form, formsets, change):
        try:
            super().save_related(request, form, formsets, change)
        except storage_errors() as error:
            raise as_media_write_error(error) from error

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except MediaWriteError as failure:
            if request.method != "POST" or hasattr(request, "media_write_error"):
                raise
            logger.error("Media write failed on %s: %s", request.path, failure.__cause__ or failure)
            request.media_write_error = failure
            for _, uploads in request.FILES.lists():
                for upload in uploads:
                    upload.seek(0)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change, **kwargs)
        failure = getattr(request, "media_write_error", None)
        if failure is None:
            return form_class

        class RefusedForm(form_class):
            def clean(self):
                super().clean()
                raise ValidationError(failure.message, code="media_write")

        RefusedForm.__name__ = form_class.__name__
        return RefusedForm
