from app.core.sanitise import clean_html, plain_text, safe_html


def test_script_and_event_handlers_never_survive():
    dirty = (
        '<p onclick="steal()">Hello<script>alert(1)</script></p>'
        '<img src=x onerror="alert(2)"><a href="javascript:alert(3)">click</a>'
        "<iframe src='https://evil.example'></iframe>"
    )
    cleaned = clean_html(dirty)
    assert "<script" not in cleaned
    assert "onclick" not in cleaned
    assert "onerror" not in cleaned
    assert "javascript:" not in cleaned
    assert "<iframe" not in cleaned
    assert "<img" not in cleaned
    assert cleaned.startswith("<p>Hello")
    assert "alert" not in cleaned


def test_allowed_formatting_is_kept_and_links_get_the_house_style():
    cleaned = clean_html('<p><strong>Bold</strong> <a href="https://x.example">more</a></p>')
    assert "<strong>Bold</strong>" in cleaned
    assert 'href="https://x.example"' in cleaned
    assert 'class="govuk-link"' in cleaned


def test_stored_html_is_cleaned_again_when_shown():
    assert "<script" not in str(safe_html("<script>alert(1)</script><p>ok</p>"))


def test_plain_text_drops_tags_and_decodes_entities():
    assert plain_text("<p>Tea &amp; biscuits</p><ul><li>one</li></ul>") == "Tea & biscuits one"
