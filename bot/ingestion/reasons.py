"""Why a source or an item failed or was skipped, said twice: in English for operators (logs,
`bantin sources`, `bantin fetch`) and in Vietnamese for admins in a chat (`/nguon`,
`/nhap <URL>`). Every reason the ingestion code records is made here, so no English sentence
reaches a chat and no reason exists in one language only.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.documents import DocumentError

_HTTP_VI = {
    401: "cần đăng nhập mới xem được",
    403: "máy chủ từ chối truy cập",
    404: "trang không tồn tại",
    410: "trang đã bị gỡ",
    429: "máy chủ báo truy cập quá nhiều lần",
    451: "trang bị chặn vì lý do pháp lý",
}


@dataclass(frozen=True)
class Reason:
    en: str
    vi: str

    def __str__(self) -> str:
        return self.en

    def with_more(self, more: int) -> Reason:
        """The first of several problems, counting the others."""
        if more <= 0:
            return self
        return Reason(f"{self.en} (and {more} more)", f"{self.vi} (và {more} lỗi khác)")

    def at(self, where: str) -> Reason:
        return Reason(f"{where}: {self.en}", f"{where}: {self.vi}")


def document(exc: DocumentError) -> Reason:
    return Reason(str(exc), exc.vietnamese)


def http_status(status: int, phrase: str) -> Reason:
    """
    >>> http_status(404, "File not found").vi
    'trang không tồn tại (HTTP 404)'
    >>> http_status(503, "Service Unavailable").vi
    'máy chủ đang gặp lỗi (HTTP 503)'
    """
    en = f"HTTP {status} {phrase}".strip()
    if status in _HTTP_VI:
        vi = _HTTP_VI[status]
    elif status >= 500:
        vi = "máy chủ đang gặp lỗi"
    else:
        vi = "máy chủ từ chối yêu cầu"
    return Reason(en, f"{vi} (HTTP {status})")


def timeout(seconds: float) -> Reason:
    return Reason(f"no complete answer within {seconds:g} s",
                  f"máy chủ không trả lời đầy đủ trong {seconds:g} giây")


def connection_failed(kind: str, detail: str) -> Reason:
    return Reason(f"connection failed ({kind}: {detail or 'no detail'})",
                  "không kết nối được tới máy chủ")


def not_http(url: str) -> Reason:
    return Reason(f"not an http(s) URL: {url}",
                  "không phải địa chỉ web http:// hoặc https://")


TOO_MANY_REDIRECTS = Reason("too many redirects", "trang chuyển hướng quá nhiều lần")


def invalid_url(detail: str) -> Reason:
    return Reason(f"invalid URL ({detail})", "địa chỉ không hợp lệ")


def not_a_page(media: str) -> Reason:
    return Reason(f"not a web page or feed ({media})",
                  f"không phải trang web hay nguồn tin (kiểu {media})")


def too_large(limit: str, announced: str | None = None) -> Reason:
    en = f"larger than {limit}" + (f" ({announced} announced)" if announced else "")
    return Reason(en, f"lớn hơn {limit.replace('.', ',')}")


FEED_EMPTY = Reason("the feed is empty", "nguồn tin trống")
FEED_IS_HTML = Reason("an HTML page, not an RSS or Atom feed",
                      "đây là một trang web, không phải nguồn tin RSS hay Atom")
FEED_DANGEROUS = Reason(
    "the feed declares a DOCTYPE or entities (refused: XML bomb guard)",
    "nguồn tin khai báo DOCTYPE hoặc thực thể XML (bị từ chối để tránh tấn công «XML bomb»)",
)


def broken_xml(detail: str) -> Reason:
    return Reason(f"broken XML ({detail})", "nguồn tin có lỗi cú pháp XML")


def not_a_feed(tag: str) -> Reason:
    return Reason(f"not an RSS or Atom feed (root element <{tag}>)",
                  "không phải nguồn tin RSS hay Atom")


def internal_error(kind: str, detail: str) -> Reason:
    return Reason(f"internal error ({kind}: {detail})", "lỗi nội bộ (chi tiết trong nhật ký)")


def no_folder(folder: str) -> Reason:
    return Reason(f"no such folder: {folder}", f"không có thư mục {folder}")


def unreadable(detail: str) -> Reason:
    return Reason(f"cannot read it ({detail})", "không đọc được tệp")


NO_LINKS = Reason("no article links on the page (is it a section or list page?)",
                  "trang không có liên kết bài viết nào (có phải trang chuyên mục không?)")
ENTRY_WITHOUT_LINK = Reason("the feed entry has no link", "mục tin không có liên kết")
ENTRY_WITHOUT_DATE = Reason("the feed entry has no date (the article's own date is used)",
                            "mục tin không ghi ngày (dùng ngày trong bài)")
UNASKED_304 = Reason("HTTP 304 without a conditional request",
                     "máy chủ trả lời 304 dù không được hỏi có điều kiện")
FORCED_IN = Reason("forced in by an admin", "quản trị viên đã nhập thủ công")


def not_a_report(en: str, vi: str) -> Reason:
    return Reason(f"not a meeting report: {en}", f"không phải báo cáo hội nghị: {vi}")


def gave_up(reason: Reason, attempts: int) -> Reason:
    return Reason(f"{reason.en} (gave up after {attempts} attempts)",
                  f"{reason.vi} (đã thử {attempts} lần, thôi không thử nữa)")


def near_duplicate(report_id: int) -> Reason:
    return Reason(f"same report as {report_id} (near-duplicate)",
                  f"gần như trùng với bản tin số {report_id}")


def same_text(report_id: int) -> Reason:
    return Reason(f"same text as report {report_id}", f"trùng với bản tin số {report_id}")


def stored_quietly(en: str, vi: str) -> Reason:
    return Reason(f"stored, not pushed: {en}", f"đã lưu, không gửi: {vi}")
