from email import message_from_bytes, policy

from django.test import SimpleTestCase

from clarion.lib import rawmail


def parsed(data):
    return message_from_bytes(data, policy=policy.default)


def content(message):
    return message.get_content().replace("\r\n", "\n")  # as a mail client shows it


class PlainTextTestCase(SimpleTestCase):
    def make(self, subject="Подтвердите подпись", body="Здравствуйте!\nhttps://example.org/c/x/\n"):
        headers = {"Message-ID": "<abc@example.org>", "List-Unsubscribe": "<https://e.org/u/>"}
        sender = "Campaign <noreply@example.org>"
        return rawmail.plain_text(sender, "aylin@example.org", subject, body, headers)

    def test_it_reads_back_as_the_text_and_headers_given(self):
        message = parsed(self.make())
        self.assertEqual(message["Subject"], "Подтвердите подпись")
        self.assertEqual(message["To"], "aylin@example.org")
        self.assertEqual(message["Message-ID"], "<abc@example.org>")
        self.assertEqual(message["List-Unsubscribe"], "<https://e.org/u/>")
        self.assertEqual(content(message), "Здравствуйте!\nhttps://example.org/c/x/\n")

    def test_it_ends_every_line_with_crlf(self):
        data = self.make()
        self.assertNotIn(b"\n", data.replace(b"\r\n", b""))

    def test_it_keeps_links_whole_when_lines_fit(self):
        self.assertIn(b"https://example.org/c/x/", self.make())

    def test_it_encodes_a_line_too_long_for_smtp(self):
        body = "x" * 2000 + "\nend\n"
        data = self.make(body=body)
        self.assertIn(b"quoted-printable", data)
        self.assertTrue(all(len(line) <= 998 for line in data.split(b"\r\n")))
        self.assertEqual(content(parsed(data)), body)

    def test_it_cannot_be_given_a_header_by_a_line_break_in_the_subject(self):
        message = parsed(self.make(subject="Hello\r\nBcc: victim@example.org"))
        self.assertIsNone(message["Bcc"])
        self.assertEqual(message["Subject"], "Hello Bcc: victim@example.org")
