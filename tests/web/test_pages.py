"""The storefront, product page, chat, seller and admin pages in a real browser."""

from __future__ import annotations

import re
from typing import Any

from tests.web.conftest import MASTER_KEY, screenshot

Page = Any


def test_search_as_you_type_with_typos_and_highlights(page: Page, shop_url: str) -> None:
    page.goto(shop_url)
    page.wait_for_selector("article.card")
    box = page.get_by_role("searchbox", name="Search", exact=True)
    box.fill("runing shoes")  # a typo: results still come, with the real word highlighted
    page.wait_for_function("document.querySelector('#stats').textContent.includes('products')")
    page.wait_for_selector("article.card mark")
    marked = page.locator("article.card mark").all_inner_texts()
    assert any(word.lower().startswith("run") for word in marked)
    screenshot(page, "storefront")


def test_a_facet_narrows_the_results(page: Page, shop_url: str) -> None:
    page.goto(shop_url)
    page.wait_for_selector("#facet-color .ais-RefinementList-item")
    before = page.locator("#stats").inner_text()
    first = page.locator("#facet-color .ais-RefinementList-item").first
    colour = first.locator(".ais-RefinementList-labelText").inner_text()
    count = int(first.locator(".ais-RefinementList-count").inner_text().replace(",", ""))
    first.locator("input").check()
    page.wait_for_function(f"!document.querySelector('#stats').textContent.includes({before!r})")
    assert f"{count:,}" in page.locator("#stats").inner_text()
    metas = page.locator("article.card .meta").all_inner_texts()
    assert metas and all(colour in meta for meta in metas)


def test_product_page_with_recommendation_rows(page: Page, shop_url: str) -> None:
    page.goto(shop_url)
    page.wait_for_selector("article.card")
    title = page.locator("article.card .title").first.inner_text()
    page.locator("article.card").first.click()
    page.wait_for_selector("#product:not([hidden]) h2")
    assert page.locator("#product-title").inner_text() == title
    assert page.locator("#product table.attributes tr").count() >= 3
    page.wait_for_selector(".rec-row .mini-card")
    rows = page.locator(".rec-row h3").all_inner_texts()
    assert "Similar products" in rows
    screenshot(page, "product")
    page.keyboard.press("Escape")
    page.wait_for_selector("#product", state="hidden")


def test_the_chat_answers_with_a_cited_product_card(page: Page, shop_url: str) -> None:
    page.goto(shop_url)
    page.wait_for_selector("article.card")
    page.get_by_role("button", name="Ask the assistant").click()
    page.get_by_label("Your question").fill("red running shoes under 100")
    page.get_by_label("Your question").press("Enter")
    page.wait_for_selector(".msg.assistant .cited .mini-card", timeout=30_000)
    answer = page.locator(".msg.assistant .text").last.inner_text()
    card_ids = page.locator(".msg.assistant .cited .mini-card .id").all_inner_texts()
    assert card_ids and all(f"[{i}]" in answer for i in card_ids)
    screenshot(page, "chat")
    page.locator(".msg.assistant .cited .mini-card").first.click()
    page.wait_for_selector("#product:not([hidden]) h2")


def test_keyboard_and_phone_width(page: Page, shop_url: str) -> None:
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(shop_url)
    page.wait_for_selector("article.card")
    page.locator("article.card").first.focus()
    page.keyboard.press("Enter")
    page.wait_for_selector("#product:not([hidden]) h2")
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    assert page.get_by_label("Skip to results") or page.locator("a.skip").count() == 1
    screenshot(page, "phone")


def test_admin_login_shows_indexes_tasks_and_charts(page: Page, shop_url: str) -> None:
    page.goto(f"{shop_url}/admin")
    page.get_by_label("Master key").fill("wrong")
    page.get_by_role("button", name="Log in").click()
    page.wait_for_selector("#login-status:has-text('not the master key')")
    page.get_by_label("Master key").fill(MASTER_KEY)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_selector("#indexes table")
    assert "demo" in page.locator("#indexes").inner_text()
    page.wait_for_selector("#tasks table")
    page.wait_for_selector("#analytics svg")
    assert page.locator("#analytics figure").count() >= 3
    assert re.search(
        r"recommendationsTraining|documentAdditionOrUpdate", page.locator("#tasks").inner_text()
    )
    page.wait_for_selector("#figures svg, #figures .hint")
    screenshot(page, "admin")


def test_the_seller_page_adds_a_product(page: Page, shop_url: str) -> None:
    page.goto(f"{shop_url}/sell")
    page.get_by_label("API key (admin or documents.add)").fill(MASTER_KEY)
    page.get_by_label("Product id").fill("seller-1")
    page.get_by_label("Title").fill("Hand-knitted wool scarf")
    page.get_by_label("Price").fill("129")
    page.get_by_role("button", name="Save product").click()
    page.wait_for_selector("#status:has-text('Saved seller-1')", timeout=30_000)
    page.goto(shop_url)
    page.get_by_role("searchbox", name="Search", exact=True).fill("hand-knitted scarf")
    page.wait_for_selector("article.card:has-text('Hand-knitted wool scarf')")
