"""Schools: a teacher registers a class, confirms by a mailed link, downloads
the teacher pack in the class's language, sends the class's letters and
drawings to the one moderation queue (signed by the class, never by a pupil)
and, once a work is published, receives the class's certificate.

The class's page is reached by a signed link (no password); the pack holds no
personal data, so anyone may download it in any of the site's languages.
"""

import io

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from clarion.contributions import submitting
from clarion.contributions.models import Submission
from clarion.lib import emails, pdf, typeset
from clarion.network import certificates, tokens
from clarion.network.models import Certificate, SchoolClass
from clarion.outbox.models import Mail


def link(school_class, path, purpose):
    token = tokens.make(school_class.pk, purpose)
    return f"{settings.SITE_URL}/{school_class.language}/schools/{path}/{token}/"


def register(data, *, ip_hash, consent_text):
    """A new class, waiting for its teacher to open the mailed link."""
    with transaction.atomic():
        school_class = SchoolClass.objects.create(
            school=data["school"], class_name=data.get("class_name", ""), town=data["town"],
            country=data["country"], age_group=data["age_group"], pupils=data["pupils"],
            language=data["language"], email=emails.normalise(data["email"]),
            email_canonical=emails.canonical(data["email"]), consent_text=consent_text,
            ip_hash=ip_hash,
        )  # fmt: skip
        queue_mail(school_class, "confirm", lambda: _("Please confirm your class"))
    return school_class


def queue_mail(school_class, template, subject):
    with translation.override(school_class.language):
        body = render_to_string(
            f"network/mail/school_{template}.txt",
            {
                "school_class": school_class,
                "confirm_url": link(school_class, "confirm", tokens.CLASS_CONFIRM),
                "page_url": link(school_class, "class", tokens.CLASS),
                "site_name": settings.SITE_NAME,
            },
        )
        subject = str(subject())
    return Mail.queue(key=f"class:{school_class.pk}:{template}", to=school_class.email,
                      subject=subject, body=body)  # fmt: skip


def confirm(school_class):
    """The teacher opened the link: the class is active and gets its page's link."""
    with transaction.atomic():
        changed = SchoolClass.objects.filter(pk=school_class.pk, status=SchoolClass.PENDING).update(
            status=SchoolClass.ACTIVE, confirmed_at=timezone.now()
        )
        if changed:
            queue_mail(school_class, "page", lambda: _("Your class's page"))
    school_class.refresh_from_db()
    return school_class


def submit_work(school_class, data, *, ip_hash, consent_text):
    """One work of the class into the moderation queue, as a letter signed by
    the class; the teacher's address only receives the receipt."""
    values = {
        "author_name": school_class.label, "name_display": Submission.NAME_FULL,
        "country": school_class.country, "email": school_class.email,
        "genre": data["genre"], "title": data.get("title", ""), "text": data.get("text", ""),
        "age_group": school_class.age_group, "for_class": True, "school": school_class.label,
        "class_consent": True, "language": school_class.language, "drawing": data.get("drawing"),
    }  # fmt: skip
    with transaction.atomic(), translation.override(school_class.language):
        work = submitting.submit_letter(values, consent_text, ip_hash)
        school_class.works.add(work)
    return work


def took_part(school_class):
    """A class took part once one of its works was published."""
    return school_class.works.filter(status=Submission.APPROVED).exists()


def certificate(school_class):
    """The class's certificate, issued the first time it is asked for; None
    before any of its works is published."""
    if school_class.status != SchoolClass.ACTIVE or not took_part(school_class):
        return None
    return certificates.issue(
        Certificate.SCHOOL, school_class.label, source=f"class:{school_class.pk}",
        language=school_class.language, email=school_class.email,
    )  # fmt: skip


def erase(canonical):
    """A teacher's classes go (their works stay, signed by the class, until the
    contributions' own erasure removes them by the same address)."""
    classes = list(SchoolClass.objects.filter(email_canonical=canonical))
    for school_class in classes:
        Mail.forget(Mail.objects.filter(key__startswith=f"class:{school_class.pk}:"))
        school_class.delete()
    return len(classes)


def export(canonical):
    rows = [
        {"school": c.school, "class": c.class_name, "town": c.town, "country": c.country,
         "age_group": c.age_group, "pupils": c.pupils, "language": c.language,
         "email": c.email, "status": c.status, "created_at": c.created_at.isoformat(),
         "consent": c.consent_text}
        for c in SchoolClass.objects.filter(email_canonical=canonical)
    ]  # fmt: skip
    return {"school_classes": rows} if rows else {}


# -- the teacher pack ----------------------------------------------------------

MARGIN, LINE = 56, 16
NIGHT, CRIMSON = "0.078 0.129 0.239", "0.608 0.114 0.125"


class _Flow:
    """Lines down A4 pages, right-aligned for right-to-left languages."""

    def __init__(self, writer, rtl):
        self.writer, self.rtl, self.page, self.y = writer, rtl, None, 0

    def line(self, text, size=11, gap=LINE):
        if self.page is None or self.y + gap > pdf.A4[1] - MARGIN:
            self.new_page()
        x = MARGIN
        if self.rtl:
            width = self.writer.font.width(typeset.visual(text, rtl=True), size)
            x = pdf.A4[0] - MARGIN - width
        self.page.text(x, self.y, text, size, rtl=self.rtl)
        self.y += gap

    def paragraph(self, text, size=11):
        for line in self.writer.font.wrap(text, size, pdf.A4[0] - 2 * MARGIN):
            self.line(line, size, gap=size + 5)
        self.y += LINE / 2

    def heading(self, text, size=16):
        if self.page is not None and self.y > pdf.A4[1] - MARGIN - 4 * LINE:
            self.new_page()
        self.y += LINE / 2
        if self.page is not None:
            self.page.raw(f"{CRIMSON} rg\n")
        self.line(text, size, gap=size + 8)
        self.page.raw(f"{NIGHT} rg\n")

    def new_page(self):
        if self.page is not None:
            self.page.finish()
        self.page, self.y = self.writer.page(), MARGIN + LINE
        self.page.raw(f"{NIGHT} rg\n")

    def finish(self):
        if self.page is not None:
            self.page.finish()
            self.page = None


def lesson_plan():
    """The pack's own text, in the active language (machine-made, for review)."""
    return [
        _("Why remember"),
        _("Remembering what happened to civilians in a war is a way to stand up for the "
          "rights every person has: to live, to be safe, to keep a home and a name. This "
          "lesson helps pupils learn a few checked facts, talk about them with care and "
          "answer with a letter or a drawing."),  # fmt: skip
        _("The lesson, in four steps (about 45 minutes)"),
        _("1. Start with rights (10 minutes): ask the class which rights protect children "
          "and families in a war, and write their answers on the board."),
        _("2. Read the facts (10 minutes): read the facts on the next page together; each "
          "one names its source. Explain that sources sometimes give different numbers and "
          "that both are kept."),
        _("3. Talk (10 minutes): what would a family have lost that night? What helps people "
          "who lost their home to remember and to be heard?"),
        _("4. Answer (15 minutes): each pupil writes a letter or draws a picture on the last "
          "sheet. Pupils do not sign with their names: the class sends its work together."),
    ]  # fmt: skip


def _facts():
    from clarion.content.models import Fact

    return list(Fact.objects.prefetch_related("figures")[:12])


def _campaign_name():
    """The campaign's name in the active language, as the site's header shows it."""
    from clarion.content.models import Campaign
    from clarion.lib.i18n import pick

    campaign = Campaign.current()
    return (pick(campaign.name) if campaign else "") or settings.SITE_NAME


def teacher_pack(language):
    """The printable teacher pack (PDF bytes) in one of the site's languages."""
    from clarion.lib.i18n import pick

    font = pdf.load_font(typeset.path("mixed"))
    out = io.BytesIO()
    with translation.override(language):
        rtl = translation.get_language_bidi()
        writer = pdf.Writer(out, font, title=_("Teacher pack"))
        flow = _Flow(writer, rtl)
        flow.heading(_("Teacher pack"), 22)
        flow.paragraph(_campaign_name(), 12)
        plan = lesson_plan()
        flow.heading(plan[0])
        flow.paragraph(plan[1])
        flow.heading(plan[2])
        for step in plan[3:]:
            flow.paragraph(step)
        flow.new_page()
        flow.heading(_("The facts and their sources"))
        for fact in _facts():
            flow.paragraph(pick(fact.label), 12)
            for figure in fact.figures.all():
                source = ", ".join(p for p in (figure.source_outlet, figure.source_date) if p)
                flow.paragraph(f"{figure.shown} ({_('source')}: {source})", 10)
        flow.new_page()
        flow.heading(_("Letter or drawing"))
        sheet = _("Write a letter or draw a picture about remembrance and human rights. "
                  "Do not write your name: your class sends the work together.")  # fmt: skip
        flow.paragraph(sheet, 10)
        top = flow.y + LINE
        flow.page.raw(f"0.6 0.6 0.6 RG 1 w {MARGIN} {MARGIN} {pdf.A4[0] - 2 * MARGIN} "
                      f"{pdf.A4[1] - MARGIN - top} re S\n")  # fmt: skip
        for y in range(int(top) + 28, int(pdf.A4[1] - MARGIN), 28):
            flow.page.raw(f"0.85 0.85 0.85 RG {MARGIN + 12} {pdf.A4[1] - y} m "
                          f"{pdf.A4[0] - MARGIN - 12} {pdf.A4[1] - y} l 0.5 w S\n")  # fmt: skip
        flow.finish()
        writer.close()
    return out.getvalue()
