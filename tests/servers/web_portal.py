"""Provincial web portals and newspapers, served on 127.0.0.1 for the ingestion tests.

Four page layouts, each built after the structure (not the words) of a family of real sites:

- ``tinhuy``: a provincial Party committee portal (Liferay-style ``journal-content-article``,
  as on tinhuy.*.gov.vn and tinhuybinhphuoc.vn): top menu, breadcrumb, "Lượt xem" counter,
  share and print bar, pictures in ``table.image`` with an ``image_desc`` caption cell, the
  author in bold at the end, a "Tin khác" list under the article;
- ``baotinh``: a provincial Party newspaper (baoninhbinh.org.vn, Báo Thái Nguyên style):
  ``<article>`` with ``h1.detail-title``, bold sapo, ``<figure>``/``<figcaption>``, a "Tin
  liên quan" box inside the body, tags, a comment form, a "Đọc nhiều" sidebar, JSON-LD;
- ``ubnd``: a People's Committee e-portal (SharePoint-style ``ms-rtestate-field``): table
  layout, "Ngày đăng | Lượt xem" line, "Cỡ chữ" toolbar, a caption as an italic paragraph
  under the picture, "Các tin khác", visitor counter in the footer;
- ``legacy``: an old ASP.NET portal in Windows-1258 (``NewsID=`` links, as on
  sxdthanhhoa.gov.vn): ``<font>`` tags, paragraphs split by ``<br>``, "Lượt xem: ... | Gửi
  lúc: ..." line, "Các tin đã đưa".

Each layout has a section (list) page and a feed: RSS 2.0 (tinhuy, ubnd), Atom (baotinh) and
RSS in Windows-1258 (legacy). Feeds and section pages answer conditional GETs (ETag and
Last-Modified, 304). ``/bad/...`` serves every bad case the ingestion must survive.

The report texts come from tests/data/eval and seeds (written by the project); every other
sentence here (menus, non-meeting articles) is our own.

    async with WebPortalServer() as portal:
        portal.publish("tinhuy", article_from_file(EVAL / "a04.txt"))
        feed_url = portal.url("/tinhuy/rss.xml")
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import html
import json
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta, timezone
from email.utils import format_datetime
from pathlib import Path

import regex
from aiohttp import web

from bot.documents.charset import encode_windows_1258
from bot.ingestion.article import line_kind
from digest.clean import clean
from digest.normalize import normalize_text

ROOT = Path(__file__).resolve().parents[2]
EVAL_DIR = ROOT / "tests" / "data" / "eval"
SEEDS_DIR = ROOT / "seeds"
VN = timezone(timedelta(hours=7))
LAYOUTS = ("tinhuy", "baotinh", "ubnd", "legacy")
_MEETING_WORD = regex.compile(r"(?i)hội nghị|họp|phiên|kỳ họp")
_NUMBER = regex.compile(r"\d+(?:[.,]\d+)*")


# --------------------------------------------------------------------------------------------
# Articles


@dataclass(frozen=True)
class PortalArticle:
    """One article as a portal holds it: the parts its layouts place on the page."""

    key: str
    title: str
    paragraphs: tuple[str, ...]  # the body, first one used as the sapo by some layouts
    published: date
    captions: tuple[str, ...] = ()
    author: str = "Thu Hà"
    id: int = 0

    def body_text(self) -> str:
        return "\n\n".join(self.paragraphs)

    def figures(self) -> Counter[str]:
        """Every number written in the body (what extraction must keep)."""
        return Counter(_NUMBER.findall(self.body_text()))


def _is_furniture(paragraph: str) -> bool:
    """A paragraph of the source file that is the file's own chrome (menus, outlet labels,
    bylines, share bars), not report text."""
    short = len(paragraph) < 60 and not paragraph.rstrip().endswith((".", ":", ";", "!", "?"))
    return "\n" in paragraph or short or line_kind(paragraph) is not None


def _headline_like(line: str) -> bool:
    return (
        len(line.split()) >= 6
        and len(line) <= 220
        and not line.endswith((".", ";"))
        and not any(mark in line for mark in ("|", "›", ">", "»"))
        and not line.lower().startswith("trang chủ")
        and line_kind(line) in (None, "caption")  # a headline may read like a caption
    )


def article_from_text(key: str, text: str, *, published: date, id: int = 0) -> PortalArticle:
    """The headline, body and captions of a report text, without the file's own chrome."""
    normal = normalize_text(text)
    cleaned = clean(normal)
    lines = [line.strip() for line in normal.split("\n") if line.strip()]
    title = (
        cleaned.title
        if cleaned.title and _headline_like(cleaned.title)
        else next((line for line in lines[:12] if _headline_like(line)), None)
    )
    paragraphs = [p.strip() for p in cleaned.body.split("\n") if p.strip()]
    if title in paragraphs:
        paragraphs = paragraphs[paragraphs.index(title) + 1 :]
    paragraphs = [p for p in paragraphs if not _is_furniture(p)]
    if title is None:
        title = paragraphs[0].split(".")[0][:120]
    return PortalArticle(
        key=key,
        title=title,
        paragraphs=tuple(paragraphs),
        published=published,
        captions=tuple(cleaned.captions),
        id=id,
    )


def _gold_date(path: Path) -> date | None:
    gold = path.with_suffix(".gold.json")
    if gold.exists():
        value = json.loads(gold.read_text(encoding="utf-8")).get("date")
        return date.fromisoformat(value) if value else None
    return None


def article_from_file(path: Path, *, id: int = 0) -> PortalArticle:
    published = _gold_date(path) or date(2025, 7, 15)
    return article_from_text(
        path.stem, path.read_text(encoding="utf-8"), published=published, id=id
    )


def report_files() -> list[Path]:
    """Every report text the portals can publish: the evaluation corpus and the seeds."""
    return sorted(EVAL_DIR.glob("*.txt")) + sorted(SEEDS_DIR.glob("*.txt"))


# Articles that are no meeting report (our own text): what relevance must skip.
NOT_MEETINGS = {
    "bong-chuyen": PortalArticle(
        key="bong-chuyen",
        title="Khai mạc Giải bóng chuyền nữ các câu lạc bộ mạnh toàn tỉnh năm 2025",
        paragraphs=(
            "Tối 12/7, tại Nhà thi đấu đa năng tỉnh, Sở Văn hóa, Thể thao và Du lịch phối hợp "
            "với Liên đoàn Bóng chuyền tỉnh khai mạc giải bóng chuyền nữ các câu lạc bộ mạnh.",
            "Giải quy tụ 12 đội bóng đến từ các xã, phường và lực lượng vũ trang, với gần 200 "
            "vận động viên tham gia tranh tài trong 6 ngày theo thể thức vòng tròn tính điểm.",
            "Ban tổ chức trao 1 giải nhất, 1 giải nhì, 2 giải ba cùng các giải phụ cho cầu thủ "
            "xuất sắc nhất, chủ công xuất sắc nhất và đội có tinh thần thi đấu đẹp.",
            "Trận khai mạc giữa đội chủ nhà và đội Công an tỉnh diễn ra sôi nổi, thu hút đông "
            "đảo người hâm mộ đến cổ vũ.",
        ),
        published=date(2025, 7, 12),
    ),
    "xuc-tien-dau-tu": PortalArticle(
        key="xuc-tien-dau-tu",
        title="Hội nghị gặp mặt doanh nghiệp và xúc tiến đầu tư vào các khu công nghiệp",
        paragraphs=(
            "Sáng 20/6, Sở Tài chính chủ trì hội nghị gặp mặt hơn 150 doanh nghiệp trong và "
            "ngoài nước để giới thiệu tiềm năng của các khu công nghiệp mới.",
            "Đại diện các nhà đầu tư quan tâm tới hạ tầng giao thông, nguồn lao động và thủ tục "
            "thuê đất; nhiều câu hỏi được các sở, ngành trả lời trực tiếp tại hội nghị.",
            "Dịp này, 7 doanh nghiệp đã ký biên bản ghi nhớ đầu tư với tổng vốn đăng ký dự kiến "
            "khoảng 4.500 tỷ đồng.",
        ),
        published=date(2025, 6, 20),
    ),
}


# --------------------------------------------------------------------------------------------
# Chrome the layouts put around an article (the extraction must keep none of it)

MENU = (
    "Trang chủ",
    "Giới thiệu chung",
    "Tin tức - Sự kiện",
    "Văn bản chỉ đạo điều hành",
    "Thủ tục hành chính",
    "Liên hệ góp ý",
)
RELATED = (
    "Lễ hội Lồng tồng xuống đồng được tổ chức tại các xã vùng cao",
    "Ra mắt câu lạc bộ nghệ nhân hát then của thanh thiếu niên",
    "Tuyên truyền phòng chống cháy rừng trong mùa khô hanh",
)
FOOTER = "Cơ quan chủ quản: Văn phòng Tỉnh ủy. Giấy phép số 15/GP-TTĐT do Sở Thông tin cấp."
CHROME_MARKERS = (
    *MENU[1:],
    *RELATED,
    "Cơ quan chủ quản",
    "Lượt xem",
    "Tin khác",
    "Tin liên quan",
    "Các tin khác",
    "Các tin đã đưa",
    "Chia sẻ",
    "In bài",
    "Đọc nhiều",
    "Từ khóa",
    "Ý kiến bạn đọc",
    "Cỡ chữ",
    "Gửi lúc",
    "Ngày đăng",
    "Số người truy cập",
    "Về đầu trang",
)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _stamp(day: date) -> datetime:
    return datetime.combine(day, time(10, 15), tzinfo=VN)


def _menu() -> str:
    items = "".join(f'<li><a href="/muc/{i}/">{_e(m)}</a></li>' for i, m in enumerate(MENU))
    return f'<ul class="nav navbar-nav">{items}</ul>'


def _related_list(css: str, heading: str) -> str:
    links = "".join(
        f'<li><a href="/tin-tuc/van-hoa/{_slug(t)}-9{i}01.html">'
        f"{_e(t)}</a> <span>(12/0{i + 1}/2025)</span></li>"
        for i, t in enumerate(RELATED)
    )
    return f'<div class="{css}"><h3>{heading}</h3><ul>{links}</ul></div>'


def _caption(article: PortalArticle, i: int) -> str | None:
    return article.captions[i] if i < len(article.captions) else None


def render_tinhuy(article: PortalArticle, url: str) -> str:
    parts = []
    for i, p in enumerate(article.paragraphs):
        parts.append(f'<p style="text-align:justify">{_e(p)}</p>')
        caption = _caption(article, i // 3) if i % 3 == 1 else None
        if caption:
            parts.append(
                '<table class="image" align="center"><tbody><tr><td><img src="/img/a.jpg">'
                f'</td></tr><tr><td class="image_desc">{_e(caption)}</td></tr></tbody></table>'
            )
    parts.append(f'<p style="text-align:right"><strong>{_e(article.author)}</strong></p>')
    d = article.published
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>{_e(article.title)} - Cổng Thông tin điện tử Tỉnh ủy</title>
<meta property="og:title" content="{_e(article.title)}"></head><body>
<div id="banner" class="banner"><img src="/img/quoc-huy.png" alt="Quốc huy">
<span>ĐẢNG BỘ TỈNH - CỔNG THÔNG TIN ĐIỆN TỬ</span></div>
<div id="navigation">{_menu()}</div>
<div class="breadcrumb"><a href="/">Trang chủ</a> &gt; <a href="/tin-tuc/">Tin tức - Sự kiện</a></div>
<div class="portlet-body"><div class="journal-content-article">
<h3 class="title-news">{_e(article.title)}</h3>
<div class="date-news">{d.day:02d}/{d.month:02d}/{d.year} 10:15</div>
<div class="share-print"><a href="#">Chia sẻ</a> | <a href="#">In bài</a> | <a href="#">Gửi email</a></div>
{"".join(parts)}
<div class="view-count">Lượt xem: 1.648</div>
</div></div>
<div class="tin-khac">{_related_list("list-tinkhac", "Tin khác")}</div>
<div id="footer"><p>{FOOTER}</p><p>Số người truy cập: 1.234.567</p></div>
</body></html>"""


def render_baotinh(article: PortalArticle, url: str) -> str:
    d = _stamp(article.published)
    sapo, *rest = article.paragraphs
    body = []
    for i, p in enumerate(rest):
        body.append(f"<p>{_e(p)}</p>")
        caption = _caption(article, i // 3) if i % 3 == 0 else None
        if caption:
            body.append(
                '<figure class="image align-center"><img src="/img/b.jpg" alt="">'
                f"<figcaption>{_e(caption)}</figcaption></figure>"
            )
        if i == 1:
            body.append(_related_list("box-related inline", "Tin liên quan"))
    ld = json.dumps(
        {
            "@context": "https://schema.org",
            "@type": "NewsArticle",
            "headline": article.title,
            "datePublished": d.isoformat(),
        },
        ensure_ascii=False,
    )
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>{_e(article.title)} | Báo tỉnh điện tử</title>
<meta property="article:published_time" content="{d.isoformat()}">
<script type="application/ld+json">{ld}</script></head><body>
<header class="site-header"><a class="logo" href="/">Báo tỉnh</a><nav class="main-menu">{_menu()}</nav></header>
<main class="container"><div class="row"><div class="col-8">
<article class="detail">
<div class="detail-cate"><a href="/chinh-tri/">Chính trị</a></div>
<h1 class="detail-title">{_e(article.title)}</h1>
<div class="detail-meta"><span class="author">{_e(article.author)}</span>
<time datetime="{d.isoformat()}">Thứ Sáu, {d.day:02d}/{d.month:02d}/{d.year} 10:15</time></div>
<div class="detail-share"><a href="#">Facebook</a><a href="#">Zalo</a><a href="#">Chia sẻ</a></div>
<p class="detail-sapo"><strong>{_e(sapo)}</strong></p>
<div class="detail-content">{"".join(body)}
<p class="author-name" style="text-align:right"><strong>{_e(article.author.upper())}</strong></p></div>
<div class="detail-tags">Từ khóa: <a href="/tag/hoi-nghi">hội nghị</a>, <a href="/tag/tinh-uy">Tỉnh ủy</a></div>
<div class="comment-box"><h3>Ý kiến bạn đọc</h3><form><textarea></textarea><button>Gửi</button></form></div>
</article></div>
<aside class="col-4 sidebar">{_related_list("most-read", "Đọc nhiều")}</aside></div></main>
<footer class="site-footer"><p>{FOOTER}</p></footer>
</body></html>"""


def render_ubnd(article: PortalArticle, url: str) -> str:
    d = article.published
    body = []
    for i, p in enumerate(article.paragraphs):
        body.append(f"<p>{_e(p)}</p>")
        caption = _caption(article, i // 4) if i % 4 == 2 else None
        if caption:
            body.append('<p style="text-align:center"><img src="/img/c.jpg" width="600"></p>')
            body.append(f'<p style="text-align:center"><em>{_e(caption)}</em></p>')
    return f"""<!DOCTYPE html><html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>Cổng thông tin điện tử tỉnh - {_e(article.title)}</title></head><body>
<table width="100%" class="header-table"><tr><td class="logo">CỔNG THÔNG TIN ĐIỆN TỬ TỈNH</td>
<td class="top-links"><a href="/dang-nhap">Đăng nhập</a> | <a href="/so-do">Sơ đồ cổng</a></td></tr></table>
<table width="100%"><tr><td width="220" valign="top" class="left-menu">{_menu()}</td>
<td valign="top"><div class="ms-webpart-zone">
<div class="news-title"><h1>{_e(article.title)}</h1></div>
<div class="news-date">Ngày đăng: {d.day:02d}/{d.month:02d}/{d.year} | Lượt xem: 345</div>
<div class="font-size-toolbar">Cỡ chữ: <a href="#">A-</a> <a href="#">A</a> <a href="#">A+</a></div>
<div class="ms-rtestate-field">{"".join(body)}
<p style="text-align:right"><b>Văn phòng UBND tỉnh</b></p></div>
<div class="print-mail"><a href="#">In trang</a> | <a href="#">Gửi email</a> | <a href="#">Về đầu trang</a></div>
<div class="other-news">{_related_list("cac-tin-khac", "Các tin khác")}</div>
</div></td></tr></table>
<div class="footer-portal"><p>{FOOTER}</p><p>Số người truy cập: 2.345.678</p></div>
</body></html>"""


def render_legacy(article: PortalArticle, url: str) -> str:
    d = article.published
    body = "<br><br>".join(_e(p) for p in article.paragraphs)
    caption = _caption(article, 0)
    picture = (
        f'<div align="center"><img src="/img/d.jpg"><br><em>{_e(caption)}</em></div>'
        if caption
        else ""
    )
    menu = " | ".join(f'<a href="/Default.aspx?m={i}">{_e(m)}</a>' for i, m in enumerate(MENU))
    others = "".join(
        f'<tr><td><img src="/img/dot.gif"> <a href="/Introduction.aspx?NewsID=90{i}">'
        f"{_e(t)}</a></td></tr>"
        for i, t in enumerate(RELATED)
    )
    return f"""<html><head>
<meta http-equiv="Content-Type" content="text/html; charset=windows-1258">
<title>{_e(article.title)}</title></head>
<body bgcolor="#FFFFFF"><form name="aspnetForm" method="post" action="./Introduction.aspx">
<table width="980" align="center"><tr><td class="topbanner"><font size="5" color="#CC0000">
TRANG THÔNG TIN ĐIỆN TỬ</font></td></tr>
<tr><td class="menutop">{menu}</td></tr>
</table></form>
<table width="980" align="center"><tr><td valign="top">
<span id="ctl00_ContentPlaceHolder1_lblTitle" class="tieude"><font size="4"><b>{_e(article.title)}</b></font></span><br>
<span class="luotxem">Lượt xem: 7.370 | Gửi lúc: {d.day:02d}/{d.month:02d}/{d.year} 15:42:27</span><br>
{picture}
<div id="ctl00_ContentPlaceHolder1_lblContent" class="noidung"><font face="Times New Roman" size="3">{body}</font></div>
<div class="cactindadua"><b>Các tin đã đưa</b><table>{others}</table></div>
</td></tr></table>
<div class="footer"><p>{FOOTER}</p></div>
</body></html>"""


RENDERERS = {
    "tinhuy": render_tinhuy,
    "baotinh": render_baotinh,
    "ubnd": render_ubnd,
    "legacy": render_legacy,
}


def render_page(layout: str, article: PortalArticle, url: str = "") -> bytes:
    """The bytes a portal of this layout serves for the article."""
    markup = RENDERERS[layout](article, url)
    return encode_windows_1258(markup) if layout == "legacy" else markup.encode("utf-8")


def content_type(layout: str) -> str:
    return "text/html; charset=windows-1258" if layout == "legacy" else "text/html; charset=utf-8"


def _slug(title: str) -> str:
    from digest.normalize import fold

    return regex.sub(r"[^a-z0-9]+", "-", fold(title)).strip("-")[:80]


# --------------------------------------------------------------------------------------------
# Section pages and feeds


def section_page(layout: str, items: list[tuple[str, PortalArticle]]) -> str:
    cards = "".join(
        f'<div class="news-item"><a class="thumb" href="{path}"><img src="/img/t.jpg"></a>'
        f'<h3 class="news-title"><a href="{path}">{_e(a.title)}</a></h3>'
        f'<p class="news-sapo">{_e(a.paragraphs[0][:160])}</p></div>'
        for path, a in items
    )
    return f"""<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8"><title>Chính trị</title></head>
<body><nav class="main-menu">{_menu()}</nav>
<div class="breadcrumb"><a href="/">Trang chủ</a> &gt; Chính trị</div>
<div class="list-news">{cards}</div>
<div class="pagination"><a href="/{layout}/chinh-tri/?page=2">Trang sau</a></div>
<aside class="sidebar">{_related_list("most-read", "Đọc nhiều")}</aside>
<footer><p>{FOOTER}</p><a href="/{layout}/gioi-thieu-co-quan-chu-quan-cua-cong-123.html">Giới thiệu cơ quan chủ quản của cổng</a></footer>
</body></html>"""


def rss_feed(
    base: str, items: list[tuple[str, PortalArticle]], *, encoding: str = "utf-8"
) -> bytes:
    entries = "".join(
        f"<item><title>{_e(a.title)}</title><link>{base}{path}</link>"
        f'<guid isPermaLink="true">{base}{path}</guid>'
        f"<description>{_e(a.paragraphs[0][:200])}</description>"
        f"<pubDate>{format_datetime(_stamp(a.published))}</pubDate></item>"
        for path, a in items
    )
    text = (
        f'<?xml version="1.0" encoding="{encoding}"?>\n<rss version="2.0"><channel>'
        f"<title>Tin tức - Sự kiện</title><link>{base}/</link>"
        f"<description>Tin mới</description>{entries}</channel></rss>"
    )
    return encode_windows_1258(text) if encoding == "windows-1258" else text.encode("utf-8")


def atom_feed(base: str, items: list[tuple[str, PortalArticle]]) -> bytes:
    entries = "".join(
        f'<entry><title>{_e(a.title)}</title><link rel="alternate" href="{base}{path}"/>'
        f"<id>tag:baotinh,{a.published.isoformat()}:{a.id}</id>"
        f"<published>{_stamp(a.published).isoformat()}</published>"
        f"<updated>{_stamp(a.published).isoformat()}</updated>"
        f"<summary>{_e(a.paragraphs[0][:200])}</summary></entry>"
        for path, a in items
    )
    return (
        f'<?xml version="1.0" encoding="utf-8"?>\n<feed xmlns="http://www.w3.org/2005/Atom">'
        f"<title>Báo tỉnh - Chính trị</title><id>tag:baotinh,2025:chinh-tri</id>"
        f"<updated>2025-07-15T10:00:00+07:00</updated>{entries}</feed>"
    ).encode()


# --------------------------------------------------------------------------------------------
# The server


@dataclass
class Published:
    layout: str
    article: PortalArticle
    path: str
    body: bytes | None = None  # served instead of the layout (bad cases)
    content_type: str | None = None
    status: int = 200


@dataclass
class RequestLog:
    path: str
    status: int
    conditional: bool


@dataclass
class WebPortalServer:
    """aiohttp on 127.0.0.1:<free port>. `publish` adds an article; its feeds change."""

    host: str = "127.0.0.1"
    pages: dict[str, Published] = field(default_factory=dict)
    log: list[RequestLog] = field(default_factory=list)
    huge_bytes: int = 50 * 1024 * 1024
    _next_id: int = 1000
    _runner: web.AppRunner | None = None
    _port: int | None = None
    _closing: asyncio.Event = field(default_factory=asyncio.Event)

    # lifecycle ---------------------------------------------------------------------------
    async def __aenter__(self) -> WebPortalServer:
        app = web.Application()
        app.router.add_get("/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, shutdown_timeout=0.2, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, self.host, 0)
        await site.start()
        self._port = self._runner.addresses[0][1]
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._closing.set()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self._port}"

    def url(self, path: str) -> str:
        return self.base_url + path

    # content -----------------------------------------------------------------------------
    def publish(self, layout: str, article: PortalArticle, *, path: str | None = None) -> str:
        """Put an article on a layout's portal (its section page and feed); its URL."""
        if not article.id:
            self._next_id += 1
            article = PortalArticle(**{**article.__dict__, "id": self._next_id})
        if path is None:
            if layout == "legacy":
                path = f"/legacy/Introduction.aspx?NewsID={article.id}"
            else:
                path = f"/{layout}/tin-tuc/chinh-tri/{_slug(article.title)}-{article.id}.html"
        self.pages[path] = Published(layout, article, path)
        return self.url(path)

    def serve_raw(self, path: str, body: bytes, content_type: str, status: int = 200) -> str:
        self.pages[path] = Published(
            "raw", NOT_MEETINGS["bong-chuyen"], path, body, content_type, status
        )
        return self.url(path)

    def listed(self, layout: str) -> list[tuple[str, PortalArticle]]:
        items = [(p.path, p.article) for p in self.pages.values() if p.layout == layout]
        return sorted(items, key=lambda pa: (pa[1].published, pa[1].id), reverse=True)

    def requests_to(self, path: str) -> list[RequestLog]:
        return [r for r in self.log if r.path == path]

    # serving -----------------------------------------------------------------------------
    async def _handle(self, request: web.Request) -> web.StreamResponse:
        path = request.path_qs
        response = await self._respond(request, path)
        self.log.append(RequestLog(path, response.status, "If-None-Match" in request.headers))
        return response

    def _conditional(self, request: web.Request, body: bytes, content_type: str) -> web.Response:
        etag = '"' + hashlib.sha256(body).hexdigest()[:16] + '"'
        modified = format_datetime(datetime(2025, 7, 15, tzinfo=UTC), usegmt=True)
        if request.headers.get("If-None-Match") == etag:
            return web.Response(status=304, headers={"ETag": etag, "Last-Modified": modified})
        return web.Response(
            body=body,
            headers={"Content-Type": content_type, "ETag": etag, "Last-Modified": modified},
        )

    async def _respond(self, request: web.Request, path: str) -> web.StreamResponse:
        parts = path.strip("/").split("/")
        if path in self.pages:
            page = self.pages[path]
            if page.body is not None:
                return web.Response(
                    body=page.body,
                    status=page.status,
                    headers={"Content-Type": page.content_type or "text/html"},
                )
            return web.Response(
                body=render_page(page.layout, page.article, self.url(path)),
                headers={"Content-Type": content_type(page.layout)},
            )
        if len(parts) == 2 and parts[0] in LAYOUTS:
            return self._listing(request, parts[0], parts[1])
        if parts and parts[0] == "bad":
            return await self._bad(request, parts[1] if len(parts) > 1 else "")
        return web.Response(status=404, text="Không tìm thấy trang")

    def _listing(self, request: web.Request, layout: str, name: str) -> web.StreamResponse:
        items = self.listed(layout)
        if name == "chinh-tri":
            return self._conditional(
                request, section_page(layout, items).encode("utf-8"), "text/html; charset=utf-8"
            )
        if name == "rss.xml":
            encoding = "windows-1258" if layout == "legacy" else "utf-8"
            return self._conditional(
                request,
                rss_feed(self.base_url, items, encoding=encoding),
                f"application/rss+xml; charset={encoding}",
            )
        if name == "atom.xml":
            return self._conditional(
                request, atom_feed(self.base_url, items), "application/atom+xml; charset=utf-8"
            )
        return web.Response(status=404, text="Không tìm thấy trang")

    async def _bad(self, request: web.Request, name: str) -> web.StreamResponse:
        if name == "missing.html":
            return web.Response(status=404, text="Không tìm thấy trang")
        if name == "error.html":
            return web.Response(status=500, text="Lỗi máy chủ")
        if name == "hang.html":  # headers, half a page, then nothing
            response = web.StreamResponse(headers={"Content-Type": "text/html"})
            await response.prepare(request)
            await response.write(b"<html><body><p>")
            with contextlib.suppress(asyncio.CancelledError):
                await self._closing.wait()
            return response
        if name in ("huge.html", "huge-declared.html"):
            return await self._huge(request, declared=name == "huge-declared.html")
        if name == "document.pdf":
            return web.Response(body=b"%PDF-1.4 ...", headers={"Content-Type": "application/pdf"})
        return web.Response(status=404, text="Không tìm thấy trang")

    async def _huge(self, request: web.Request, *, declared: bool) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/html; charset=utf-8"})
        if declared:
            response.content_length = self.huge_bytes
        await response.prepare(request)
        chunk = b"<p>" + "Nội dung lặp lại rất dài. ".encode() * 2000 + b"</p>"
        sent = 0
        try:
            while sent < self.huge_bytes:
                await response.write(chunk[: self.huge_bytes - sent])
                sent += len(chunk)
        except (ConnectionResetError, RuntimeError, asyncio.CancelledError):
            pass  # the client stopped reading: what the test wants
        return response


BROKEN_XML = (
    '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel>'
    "<title>Tin</title><item><title>Hội nghị Tỉnh ủy</title><link>/a.html"
).encode()
XML_BOMB = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<rss version="2.0"><channel><title>&lol2;</title></channel></rss>"""
NOT_AN_ARTICLE = """<!DOCTYPE html><html lang="vi"><head><meta charset="utf-8">
<title>Đăng nhập hệ thống</title></head><body><nav><a href="/">Trang chủ</a></nav>
<form><label>Tên đăng nhập</label><input name="u"><label>Mật khẩu</label>
<input name="p" type="password"><button>Đăng nhập</button></form>
<footer>Cơ quan chủ quản: Văn phòng UBND tỉnh</footer></body></html>""".encode()
