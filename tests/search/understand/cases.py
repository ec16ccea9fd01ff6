"""The query-understanding test set: query → (rewritten query, applied filters, applied sort).

Half English, half Chinese; negative cases (numbers that are not prices, words that are not
values of this index) included. The vocabulary is the demo shop's kind of catalog.
"""

from __future__ import annotations

from souk.search.understand import IndexVocabulary

VOCABULARY = IndexVocabulary.of(
    {
        "brand": ["Quillon", "Aurelle", "Linden & Loom", "Corvia", "Apple", "Red Wing", "Orange"],
        "color": ["red", "blue", "black", "white", "pink", "navy", "green", "gray", "gold"],
        "category": ["Shoes", "Apparel", "Beauty", "Electronics", "Kitchen", "Toys"],
        "subcategory": [
            "Running Shoes",
            "Sneakers",
            "Boots",
            "Dresses",
            "Jackets",
            "T-Shirts",
            "Serums",
            "Lipstick",
            "Headphones",
            "Laptops",
            "Coffee Makers",
            "Mugs",
            "Dolls",
        ],
        "size": ["36", "38", "40", "42", "S", "M", "L", "XL", "30 ml"],
        "gender": ["men", "women", "kids"],
        "material": ["cotton", "leather"],
    },
    numeric=["price", "rating", "created_ts"],
    sortable=["price", "rating", "created_ts"],
)

Case = tuple[str, str, list[str], list[str]]

ENGLISH: list[Case] = [
    (
        "red running shoes under $80",
        "running shoes",
        ["price < 80", 'color = "red"', 'subcategory = "Running Shoes"'],
        [],
    ),
    (
        "running shoes under 80",
        "running shoes",
        ["price < 80", 'subcategory = "Running Shoes"'],
        [],
    ),
    ("dresses below 50 dollars", "dresses", ["price < 50", 'subcategory = "Dresses"'], []),
    ("headphones less than $100", "headphones", ["price < 100", 'subcategory = "Headphones"'], []),
    ("jackets between 20 and 40", "jackets", ["price 20 TO 40", 'subcategory = "Jackets"'], []),
    ("mugs $10-$20", "mugs", ["price 10 TO 20", 'subcategory = "Mugs"'], []),
    ("laptop 500 to 900 dollars", "laptop", ["price 500 TO 900", 'subcategory = "Laptops"'], []),
    ("serum over $30", "serum", ["price > 30", 'subcategory = "Serums"'], []),
    ("boots at least 60 dollars", "boots", ["price >= 60", 'subcategory = "Boots"'], []),
    ("sneakers up to $45", "sneakers", ["price <= 45", 'subcategory = "Sneakers"'], []),
    (
        "coffee maker around $100",
        "coffee maker",
        ["price 80 TO 120", 'subcategory = "Coffee Makers"'],
        [],
    ),
    (
        "cheapest black dress for women",
        "dress",
        ['color = "black"', 'gender = "women"', 'subcategory = "Dresses"'],
        ["price:asc"],
    ),
    ("most expensive headphones", "headphones", ['subcategory = "Headphones"'], ["price:desc"]),
    ("best rated lipstick", "lipstick", ['subcategory = "Lipstick"'], ["rating:desc"]),
    (
        "top rated running shoes for men",
        "running shoes",
        ['gender = "men"', 'subcategory = "Running Shoes"'],
        ["rating:desc"],
    ),
    ("newest sneakers", "sneakers", ['subcategory = "Sneakers"'], ["created_ts:desc"]),
    ("latest laptops", "laptops", ['subcategory = "Laptops"'], ["created_ts:desc"]),
    (
        "blue jacket size M",
        "jacket",
        ['size = "M"', 'color = "blue"', 'subcategory = "Jackets"'],
        [],
    ),
    (
        "size 38 running shoes",
        "running shoes",
        ['size = "38"', 'subcategory = "Running Shoes"'],
        [],
    ),
    (
        "pink t-shirt XL",
        "t-shirt",
        ['size = "XL"', 'color = "pink"', 'subcategory = "T-Shirts"'],
        [],
    ),
    (
        "quillon running shoes",
        "running shoes",
        ['brand = "Quillon"', 'subcategory = "Running Shoes"'],
        [],
    ),
    (
        "linden & loom jackets",
        "jackets",
        ['brand = "Linden & Loom"', 'subcategory = "Jackets"'],
        [],
    ),
    ("red wing boots", "boots", ['brand = "Red Wing"', 'subcategory = "Boots"'], []),
    ("navy dress", "dress", ['color = "navy"', 'subcategory = "Dresses"'], []),
    ("grey sneakers", "sneakers", ['color = "gray"', 'subcategory = "Sneakers"'], []),
    ("kids dolls", "dolls", ['gender = "kids"', 'subcategory = "Dolls"'], []),
    (
        "gold dress cheapest under 100",
        "dress",
        ["price < 100", 'color = "gold"', 'subcategory = "Dresses"'],
        ["price:asc"],
    ),
    ("shoes", "shoes", ['category = "Shoes"'], []),
    ("red", "", ['color = "red"'], []),
    # negatives: numbers that are not prices, things the index does not hold
    ("iphone 15", "iphone 15", [], []),
    ("2x4 lumber 8 ft", "2x4 lumber 8 ft", [], []),
    ("usb cable under 2 m", "usb cable under 2 m", [], []),
    ("dumbbell over 10 kg", "dumbbell over 10 kg", [], []),
    ("purple hat", "purple hat", [], []),  # no purple in this index, no hats
    ("orange juice", "orange juice", [], []),  # "Orange" is a brand spelled like a colour word
    ("leather boots", "leather boots", ['subcategory = "Boots"'], []),
    ("from 20", "from 20", [], []),
    ("socks 3 pack", "socks 3 pack", [], []),
    ("wireless earbuds", "wireless earbuds", [], []),
    ("red dress", "dress", ['color = "red"', 'subcategory = "Dresses"'], []),
    (
        "white sneakers for women under $60",
        "sneakers",
        ["price < 60", 'color = "white"', 'gender = "women"', 'subcategory = "Sneakers"'],
        [],
    ),
]

CHINESE: list[Case] = [
    (
        "红色连衣裙 100元以下",
        "",
        ["price <= 100", 'color = "red"', 'subcategory = "Dresses"'],
        [],
    ),
    ("100元以下的耳机", "", ["price <= 100", 'subcategory = "Headphones"'], []),
    ("低于50元的马克杯", "", ["price <= 50", 'subcategory = "Mugs"'], []),
    ("不超过200元的跑鞋", "", ["price <= 200", 'subcategory = "Running Shoes"'], []),
    ("50到100元的精华液", "", ["price 50 TO 100", 'subcategory = "Serums"'], []),
    ("口红 30-60元", "", ["price 30 TO 60", 'subcategory = "Lipstick"'], []),
    ("300元以上的靴子", "", ["price >= 300", 'subcategory = "Boots"'], []),
    ("超过500元的笔记本电脑", "", ["price >= 500", 'subcategory = "Laptops"'], []),
    ("200元左右的咖啡机", "", ["price 160 TO 240", 'subcategory = "Coffee Makers"'], []),
    ("100块以内的夹克", "", ["price <= 100", 'subcategory = "Jackets"'], []),
    ("最便宜的黑色连衣裙", "", ['color = "black"', 'subcategory = "Dresses"'], ["price:asc"]),
    ("评分最高的耳机", "", ['subcategory = "Headphones"'], ["rating:desc"]),
    (
        "最新款 蓝色 运动鞋",
        "",
        ['color = "blue"', 'subcategory IN ["Sneakers", "Running Shoes"]'],
        ["created_ts:desc"],
    ),
    ("价格最高的笔记本电脑", "", ['subcategory = "Laptops"'], ["price:desc"]),
    ("好评最多的口红", "", ['subcategory = "Lipstick"'], ["rating:desc"]),
    ("红裙子 女士", "", ['color = "red"', 'gender = "women"', 'subcategory = "Dresses"'], []),
    ("白色 T恤 男士", "", ['color = "white"', 'gender = "men"', 'subcategory = "T-Shirts"'], []),
    ("粉色口红", "", ['color = "pink"', 'subcategory = "Lipstick"'], []),
    ("灰色夹克 XL", "", ['size = "XL"', 'color = "gray"', 'subcategory = "Jackets"'], []),
    ("38码 跑鞋", "", ['size = "38"', 'subcategory = "Running Shoes"'], []),
    ("尺码 40 靴子", "", ['size = "40"', 'subcategory = "Boots"'], []),
    ("儿童 娃娃", "", ['gender = "kids"', 'subcategory = "Dolls"'], []),
    ("quillon 跑步鞋", "", ['brand = "Quillon"', 'subcategory = "Running Shoes"'], []),
    (
        "aurelle 精华液 100元以下",
        "",
        ["price <= 100", 'brand = "Aurelle"', 'subcategory = "Serums"'],
        [],
    ),
    ("黑色 耳机 最便宜", "", ['color = "black"', 'subcategory = "Headphones"'], ["price:asc"]),
    ("藏青色 连衣裙", "", ['color = "navy"', 'subcategory = "Dresses"'], []),
    (
        "金色 连衣裙 200元以内",
        "",
        ["price <= 200", 'color = "gold"', 'subcategory = "Dresses"'],
        [],
    ),
    ("鞋", "", ['category = "Shoes"'], []),
    ("绿色", "", ['color = "green"'], []),
    # negatives
    ("红酒", "红酒", [], []),  # 红 alone is not a colour here
    ("iphone 15 手机壳", "iphone 15 手机壳", [], []),
    ("2米 数据线", "2米 数据线", [], []),
    ("紫色 帽子", "紫色 帽子", [], []),  # no purple, no hats in this index
    ("5公斤 哑铃", "5公斤 哑铃", [], []),
    ("蓝牙 耳机", "蓝牙", ['subcategory = "Headphones"'], []),
    ("真皮 靴子", "真皮", ['subcategory = "Boots"'], []),
    ("新款 连衣裙", "新款", ['subcategory = "Dresses"'], []),  # new style, not newest
    ("价格 50到80元 马克杯", "", ["price 50 TO 80", 'subcategory = "Mugs"'], []),
    (
        "女士 白色 运动鞋 300元以下",
        "",
        [
            "price <= 300",
            'color = "white"',
            'gender = "women"',
            'subcategory IN ["Sneakers", "Running Shoes"]',
        ],
        [],
    ),
    ("3岁 儿童 玩具", "3岁", ['gender = "kids"', 'category = "Toys"'], []),
    (
        "黑色咖啡机 最贵",
        "",
        ['color = "black"', 'subcategory = "Coffee Makers"'],
        ["price:desc"],
    ),
]
