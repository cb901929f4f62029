"""The StreamField blocks every editorial page shares, so pages look alike."""

from wagtail import blocks
from wagtail.images.blocks import ImageChooserBlock


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=120)
    level = blocks.ChoiceBlock(choices=[("h2", "H2"), ("h3", "H3")], default="h2")

    class Meta:
        icon = "title"
        template = "content/blocks/heading.html"


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    caption = blocks.CharBlock(required=False, max_length=250)
    attribution = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "content/blocks/image.html"


class QuoteBlock(blocks.StructBlock):
    text = blocks.TextBlock()
    attribution = blocks.CharBlock(required=False, max_length=250)
    source = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "openquote"
        template = "content/blocks/quote.html"


class CallToActionBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    text = blocks.TextBlock(required=False)
    page = blocks.PageChooserBlock()
    button = blocks.CharBlock(max_length=60)

    class Meta:
        icon = "pick"
        template = "content/blocks/call_to_action.html"


class BodyBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        features=["bold", "italic", "link", "ol", "ul", "h3", "blockquote"]
    )
    image = ImageBlock()
    quote = QuoteBlock()
    call_to_action = CallToActionBlock()
