"""Vocabulary for the demo catalog: categories, brands, words and sentence patterns.

Everything here was written for souk; no third-party product text. Facet values (color,
material, category, subcategory) are canonical English so that English and Chinese products
share facets; the Chinese words only ever appear in `title`, `description` and `tags`.

Pattern placeholders (filled by `souk.demo.products`; an empty value just disappears):
  {brand} {adj} {Adj} {adj_l} {color} {color_l} {noun} {noun_l} {style} {style_l} {variant}
  {material} {Material} {size} {extra} {is} {This} {comes} {a_adj_l}
In Chinese patterns {adj}, {color}, {noun}, {style}, {variant}, {material} are the Chinese words.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Subcategory:
    name: str
    noun: str  # English noun used in titles ("Running Shoes", "Dress")
    zh_noun: str
    price: tuple[float, float]  # realistic USD range for this subcategory
    materials: tuple[str, ...]
    styles: tuple[str, ...] = ()  # English words placed before the noun ("Midi", "Trail")
    zh_styles: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()  # English words placed after the noun ("for Men", "2-Pack")
    zh_variants: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()  # empty: the product has no `size`
    colors: tuple[str, ...] = ()  # empty: the category palette
    plural: bool = False  # the noun is plural ("Running Shoes are ...")
    adjectives: tuple[str, ...] = ()  # empty: the category's adjectives
    zh_adjectives: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()  # empty: the category's patterns
    zh_patterns: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Category:
    name: str
    zh: str
    weight: int  # relative share of the catalog
    brands: tuple[str, ...]
    adjectives: tuple[str, ...]
    zh_adjectives: tuple[str, ...]
    colors: tuple[str, ...]
    benefits: tuple[str, ...]
    zh_benefits: tuple[str, ...]
    subcategories: tuple[Subcategory, ...]
    zh_extras: tuple[str, ...] = ("新款", "热卖", "官方正品", "包邮")
    patterns: tuple[str, ...] = ()  # empty: EN_PATTERNS
    zh_patterns: tuple[str, ...] = ()  # empty: ZH_PATTERNS
    leads: tuple[str, ...] = ()  # empty: EN_LEADS
    zh_leads: tuple[str, ...] = ()  # empty: ZH_LEADS
    style_is_title: bool = False  # styles are book titles: never used as tags


COLORS_ZH: dict[str, str] = {
    "red": "红色",
    "blue": "蓝色",
    "black": "黑色",
    "white": "白色",
    "green": "绿色",
    "yellow": "黄色",
    "pink": "粉色",
    "purple": "紫色",
    "orange": "橙色",
    "gray": "灰色",
    "brown": "棕色",
    "beige": "米色",
    "navy": "藏青色",
    "silver": "银色",
    "gold": "金色",
}
COLORS: tuple[str, ...] = tuple(COLORS_ZH)

MATERIALS_ZH: dict[str, str] = {
    # textiles and footwear
    "cotton": "纯棉",
    "organic cotton": "有机棉",
    "polyester": "聚酯纤维",
    "chiffon": "雪纺",
    "silk": "真丝",
    "linen": "亚麻",
    "viscose": "粘胶纤维",
    "modal": "莫代尔",
    "denim": "牛仔布",
    "stretch denim": "弹力牛仔布",
    "nylon": "尼龙",
    "leather": "真皮",
    "wool": "羊毛",
    "merino wool": "美利奴羊毛",
    "cashmere": "羊绒",
    "fleece": "摇粒绒",
    "mesh": "网面",
    "knit": "飞织",
    "synthetic": "合成革",
    "rubber": "橡胶",
    "canvas": "帆布",
    "suede": "麂皮",
    "EVA": "EVA",
    "velvet": "丝绒",
    "microfiber": "超细纤维",
    "bamboo fiber": "竹纤维",
    "muslin": "纱布",
    "plush": "毛绒",
    "fabric": "布艺",
    "cloth": "棉布",
    # hard goods
    "plastic": "塑料",
    "aluminum": "铝合金",
    "silicone": "硅胶",
    "protein leather": "蛋白皮",
    "glass": "玻璃",
    "stainless steel": "不锈钢",
    "magnesium alloy": "镁合金",
    "memory foam": "记忆棉",
    "down": "羽绒",
    "latex": "乳胶",
    "jute": "黄麻",
    "ceramic": "陶瓷",
    "metal": "金属",
    "wood": "实木",
    "bamboo": "竹子",
    "cotton rope": "棉绳",
    "seagrass": "海草",
    "rattan": "藤编",
    "soy wax": "大豆蜡",
    "beeswax": "蜂蜡",
    "cast iron": "铸铁",
    "carbon steel": "碳钢",
    "stoneware": "粗陶",
    "porcelain": "白瓷",
    "vinyl": "搪胶",
    "cardboard": "纸板",
    "TPE": "TPE",
    "natural rubber": "天然橡胶",
    "PVC": "PVC",
    "cork": "软木",
    "neoprene": "氯丁橡胶",
    "carbon fiber": "碳纤维",
    "steel": "钢",
    "Tritan": "Tritan",
    "graphite": "石墨",
    "sterling silver": "925纯银",
    "14k gold": "14K金",
    "gold-plated brass": "镀金黄铜",
    "pearl": "珍珠",
    "titanium": "钛",
    "terracotta": "陶土",
    "concrete": "水泥",
    "resin": "树脂",
    "teak": "柚木",
    "carpet": "地毯绒",
    "sisal": "剑麻",
    "paper": "纸张",
    "recycled paper": "再生纸",
    "brass": "黄铜",
    "acrylic": "亚克力",
    "PPSU": "PPSU",
    "plant-based fiber": "植物纤维",
    # beauty, food and health ingredients
    "shea butter": "乳木果油",
    "jojoba oil": "荷荷巴油",
    "hyaluronic acid": "玻尿酸",
    "ceramide": "神经酰胺",
    "squalane": "角鲨烷",
    "vitamin C": "维生素C",
    "niacinamide": "烟酰胺",
    "retinol": "视黄醇",
    "argan oil": "摩洛哥坚果油",
    "tea tree oil": "茶树精油",
    "coconut oil": "椰子油",
    "rose": "玫瑰",
    "sandalwood": "檀香",
    "citrus": "柑橘",
    "vanilla": "香草",
    "gel formula": "凝胶配方",
    "water-based formula": "水性配方",
    "zinc oxide": "氧化锌",
    "arabica": "阿拉比卡咖啡豆",
    "robusta": "罗布斯塔咖啡豆",
    "green tea": "绿茶",
    "black tea": "红茶",
    "oolong": "乌龙茶",
    "jasmine": "茉莉花茶",
    "pu-erh": "普洱",
    "almonds": "巴旦木",
    "cashews": "腰果",
    "walnuts": "核桃",
    "pistachios": "开心果",
    "durum wheat": "杜兰小麦",
    "whole wheat": "全麦",
    "olives": "橄榄",
    "cocoa": "可可",
    "hazelnuts": "榛子",
    "wildflower honey": "百花蜜",
    "acacia honey": "洋槐蜜",
    "linden honey": "椴树蜜",
    "chicken": "鸡肉",
    "salmon": "三文鱼",
    "lamb": "羊肉",
    "beef": "牛肉",
    "tuna": "金枪鱼",
    "catnip": "猫薄荷",
    "feather": "羽毛",
    "organic seeds": "有机种子",
    "non-GMO seeds": "非转基因种子",
    "multivitamin": "复合维生素",
    "vitamin D3": "维生素D3",
    "fish oil": "深海鱼油",
    "whey": "乳清蛋白",
    "pea protein": "豌豆蛋白",
    "soy protein": "大豆蛋白",
    "paperback": "平装",
    "hardcover": "精装",
    "board book": "纸板书",
}

EN_PATTERNS: tuple[str, ...] = (
    "{brand} {Adj} {color} {style} {noun} {variant}",
    "{brand} {style} {noun} {variant} - {color}, {Material}",
    "{Adj} {color} {style} {noun} by {brand}",
)
ZH_PATTERNS: tuple[str, ...] = (
    "{adj} {color} {style}{noun} {variant}",
    "{brand} {color}{noun} {style} {material} {adj}",
    "{extra} {brand} {adj} {color} {style}{noun} {variant}",
)
# For products whose color is not worth naming in a title (skin care, pet food, vitamins).
EN_PLAIN_PATTERNS: tuple[str, ...] = (
    "{brand} {Adj} {style} {noun} {variant}",
    "{brand} {style} {noun} with {Material} {variant}",
    "{Adj} {style} {noun} by {brand}",
)
ZH_PLAIN_PATTERNS: tuple[str, ...] = (
    "{brand} {adj} {style}{noun} {variant}",
    "{style}{noun} {material} {adj} {extra}",
    "{extra} {brand} {style}{noun} {variant}",
)
EN_LEADS: tuple[str, ...] = (
    "{Adj} {color_l} {style_l} {noun_l} from {brand}, made with {material}.",
    "The {brand} {style_l} {noun_l} {is} made with {material} and finished in {color_l}.",
)
ZH_LEADS: tuple[str, ...] = (
    "这款{brand}{style}{noun}采用{material}材质，{color}配色，{adj}。",
    "{brand}{noun}，{color}，{material}材质，{adj}，{style}设计。",
)
EN_CLOSERS: tuple[str, ...] = (
    "Free returns within 30 days.",
    "Ships within one business day.",
    "A thoughtful gift for friends and family.",
    "Rated highly by customers for quality and value.",
)
ZH_CLOSERS: tuple[str, ...] = (
    "支持七天无理由退换。",
    "现货速发，24小时内发货。",
    "正品保障，售后无忧。",
    "送礼自用两相宜。",
    "好评如潮，性价比高。",
)
EN_TAGS: tuple[str, ...] = ("bestseller", "new arrival", "gift idea", "sale", "eco friendly")
ZH_TAGS: tuple[str, ...] = ("新品", "热卖", "送礼", "特价", "环保")

_APPAREL_SIZES = ("XS", "S", "M", "L", "XL", "XXL")
_SHOE_SIZES = tuple(str(n) for n in range(36, 47))
_ALL = COLORS

# fmt: off
APPAREL = Category(
    name="Apparel",
    zh="服装",
    weight=12,
    brands=(
        "Linden & Loom", "Harrowgate", "Maple Thread", "Corvia", "Ottoline", "Brisa Mode",
        "Northquay", "Fennel Row", "Tallis Wear", "Suncrest Apparel",
    ),
    adjectives=(
        "Classic", "Slim-Fit", "Relaxed", "Lightweight", "Breathable", "Vintage", "Casual",
        "Essential", "Cozy", "Everyday",
    ),
    zh_adjectives=("修身", "宽松", "简约", "复古", "百搭", "休闲", "轻薄透气", "显瘦", "舒适亲肤"),
    colors=_ALL,
    benefits=(
        "Cut for an easy fit that layers well.",
        "Machine washable and holds its shape wash after wash.",
        "Soft against the skin for all-day comfort.", "Easy to dress up or down.",
        "Reinforced seams for lasting wear.",
    ),
    zh_benefits=(
        "版型利落，上身显瘦。", "可机洗，多次洗涤不变形。", "面料柔软亲肤，久穿不闷。",
        "日常通勤、约会出游都好搭配。", "做工精细，走线工整。",
    ),
    subcategories=(
        Subcategory(
            "Dresses", "Dress", "连衣裙", (19.0, 149.0),
            ("cotton", "chiffon", "polyester", "linen", "silk", "viscose"),
            styles=("Midi", "Maxi", "Wrap", "A-Line", "Floral", "Sleeveless", "Shirt"),
            zh_styles=("碎花", "法式", "收腰", "中长款", "无袖", "吊带", "长袖"),
            variants=("for Women", "with Pockets", "with Belt"),
            zh_variants=("女装", "女士", "气质款"),
            sizes=_APPAREL_SIZES,
        ),
        Subcategory(
            "T-Shirts", "T-Shirt", "T恤", (8.0, 45.0),
            ("cotton", "organic cotton", "polyester", "modal"),
            styles=("Crew Neck", "V-Neck", "Oversized", "Pocket", "Graphic"),
            zh_styles=("圆领", "V领", "短袖", "纯色", "印花"),
            variants=("for Men", "for Women", "3-Pack"),
            zh_variants=("男款", "女款", "情侣款", "三件装"),
            sizes=_APPAREL_SIZES,
        ),
        Subcategory(
            "Jeans", "Jeans", "牛仔裤", (25.0, 120.0), ("denim", "stretch denim"),
            styles=("Straight-Leg", "Skinny", "Bootcut", "High-Rise", "Wide-Leg"),
            zh_styles=("直筒", "紧身", "高腰", "阔腿", "小脚"),
            variants=("for Men", "for Women"),
            zh_variants=("男款", "女款", "九分"),
            sizes=_APPAREL_SIZES,
            colors=("blue", "black", "gray", "navy", "white", "beige"),
            plural=True,
        ),
        Subcategory(
            "Jackets", "Jacket", "夹克", (35.0, 260.0),
            ("polyester", "nylon", "leather", "denim", "wool"),
            styles=("Bomber", "Puffer", "Quilted", "Hooded", "Packable", "Rain"),
            zh_styles=("连帽", "防风", "防泼水", "短款", "立领", "棉服"),
            variants=("for Men", "for Women"),
            zh_variants=("男款", "女款", "外套"),
            sizes=_APPAREL_SIZES,
        ),
        Subcategory(
            "Sweaters", "Sweater", "毛衣", (22.0, 140.0),
            ("wool", "merino wool", "cashmere", "cotton"),
            styles=("Crew Neck", "Cable-Knit", "Turtleneck", "Cardigan", "V-Neck"),
            zh_styles=("圆领", "高领", "麻花", "针织", "开衫"),
            variants=("for Men", "for Women"),
            zh_variants=("男款", "女款", "打底"),
            sizes=_APPAREL_SIZES,
        ),
        Subcategory(
            "Hoodies", "Hoodie", "卫衣", (20.0, 90.0), ("cotton", "fleece", "polyester"),
            styles=("Pullover", "Zip-Up", "Oversized", "Cropped"),
            zh_styles=("连帽", "加绒", "套头", "拉链", "宽松"),
            variants=("for Men", "for Women", "Unisex"),
            zh_variants=("男款", "女款", "情侣款"),
            sizes=_APPAREL_SIZES,
        ),
    ),
    zh_extras=("夏季", "春秋", "秋冬", "2025新款", "春季", "四季通用"),
    zh_patterns=(
        "{color}{noun} {extra} {style} {material} {variant}",
        "{adj} {color} {style}{noun} {variant}", "{brand} {extra} {color}{noun} {adj} {material}",
    ),
    leads=(
        "{Adj} {color_l} {style_l} {noun_l} from {brand}, made with {material}.",
        "{This} {adj_l} {noun_l} from {brand} {comes} in {color_l} {material}.",
    ),
)


SHOES = Category(
    name="Shoes",
    zh="鞋靴",
    weight=8,
    brands=(
        "Strideline", "Kestrel Run", "Pavemark", "Ardent Trail", "Solace Step", "Veloria",
        "Burrowfield", "Cobble & Co", "Northpace", "Tidemark Footwear", "Quillon",
    ),
    adjectives=(
        "Lightweight", "Cushioned", "Breathable", "Comfort", "Waterproof", "Everyday",
        "Performance", "Flexible",
    ),
    zh_adjectives=("轻便透气", "减震防滑", "缓震耐磨", "软底舒适", "透气网面", "防滑耐磨", "轻便"),
    colors=_ALL,
    benefits=(
        "Cushioned footbed for all-day comfort.",
        "Grippy outsole for wet and dry surfaces.",
        "Flexible sole that moves with your foot.",
        "Easy to pair with everyday outfits.",
        "True to size; order half a size up if between sizes.",
    ),
    zh_benefits=(
        "脚床柔软回弹，久穿不累。",
        "大底抓地力强，雨天也防滑。",
        "鞋底柔韧，行走自然跟脚。",
        "百搭日常穿搭。",
        "尺码标准，脚宽建议拍大半码。",
    ),
    subcategories=(
        Subcategory(
            "Running Shoes", "Running Shoes", "跑步鞋", (35.0, 180.0),
            ("mesh", "knit", "synthetic", "rubber"),
            styles=("Road", "Trail", "Stability", "Racing"),
            zh_styles=("越野", "竞速", "马拉松", "缓震"),
            variants=("for Men", "for Women", "Wide Fit", "V2"),
            zh_variants=("男款", "女款", "情侣款", "宽楦"),
            sizes=_SHOE_SIZES,
            plural=True,
        ),
        Subcategory(
            "Sneakers", "Sneakers", "休闲鞋", (30.0, 140.0),
            ("canvas", "leather", "suede", "synthetic"),
            styles=("Low-Top", "High-Top", "Slip-On", "Court"),
            zh_styles=("低帮", "高帮", "一脚蹬", "板鞋"),
            variants=("for Men", "for Women", "Unisex"),
            zh_variants=("男款", "女款", "小白鞋"),
            sizes=_SHOE_SIZES,
            plural=True,
        ),
        Subcategory(
            "Boots", "Boots", "靴子", (45.0, 260.0), ("leather", "suede", "rubber", "synthetic"),
            styles=("Ankle", "Hiking", "Work", "Winter", "Rain"),
            zh_styles=("短靴", "登山", "工装", "加绒雪地", "雨靴"),
            variants=("for Men", "for Women"),
            zh_variants=("男款", "女款"),
            sizes=_SHOE_SIZES,
            colors=("black", "brown", "beige", "gray", "navy", "green", "red", "white"),
            plural=True,
        ),
        Subcategory(
            "Sandals", "Sandals", "凉鞋", (15.0, 90.0), ("leather", "rubber", "EVA", "synthetic"),
            styles=("Slide", "Strappy", "Sport", "Platform"),
            zh_styles=("一字拖", "绑带", "运动", "厚底"),
            variants=("for Men", "for Women"),
            zh_variants=("男款", "女款"),
            sizes=_SHOE_SIZES,
            plural=True,
        ),
        Subcategory(
            "Loafers", "Loafers", "乐福鞋", (40.0, 180.0), ("leather", "suede"),
            styles=("Penny", "Tassel", "Driving"),
            zh_styles=("英伦", "流苏", "豆豆鞋"),
            variants=("for Men", "for Women"),
            zh_variants=("男款", "女款"),
            sizes=_SHOE_SIZES,
            colors=("black", "brown", "beige", "navy", "white", "red"),
            plural=True,
        ),
        Subcategory(
            "Slippers", "Slippers", "拖鞋", (10.0, 50.0), ("fleece", "EVA", "wool", "cotton"),
            styles=("House", "Moccasin", "Memory Foam"),
            zh_styles=("居家", "毛绒", "棉拖"),
            variants=("for Men", "for Women"),
            zh_variants=("男款", "女款", "情侣款"),
            sizes=_SHOE_SIZES,
            plural=True,
        ),
    ),
    zh_extras=("夏季", "秋冬", "2025新款", "运动", "网红款"),
    leads=(
        "{Adj} {color_l} {style_l} {noun_l} from {brand}, made with {material}.",
        "{This} {adj_l} {noun_l} from {brand} {comes} in {color_l} {material}.",
    ),
)


ELECTRONICS = Category(
    name="Electronics",
    zh="数码电子",
    weight=9,
    brands=(
        "Voltara", "Lumenix", "Quarkline", "Auralis", "Nimbus Forge", "Pixelmoor", "Cobaltic",
        "Brightwave Labs", "Ferrow", "Sonneta", "Tessel Tech", "Halvard Electronics",
    ),
    adjectives=("Wireless", "Compact", "Portable", "Smart", "Ultra-Slim", "High-Performance"),
    zh_adjectives=("无线连接", "小巧便携", "智能互联", "轻薄机身", "性能强劲", "续航持久"),
    colors=("black", "white", "gray", "silver", "blue", "gold", "red", "pink", "green", "navy"),
    benefits=(
        "Pairs in seconds and remembers your devices.", "All-day battery with fast USB-C charging.",
        "Firmware updates add features over time.", "Includes a USB-C cable and quick-start guide.",
        "Designed to run cool and quiet.", "Backed by a one-year limited warranty.",
    ),
    zh_benefits=(
        "开盖即连，配对快速稳定。", "续航持久，支持Type-C快充。", "支持固件升级，功能持续更新。",
        "随附Type-C数据线和说明书。", "散热出色，运行安静。",
    ),
    subcategories=(
        Subcategory(
            "Headphones", "Headphones", "耳机", (15.0, 350.0),
            ("plastic", "aluminum", "silicone", "protein leather"),
            styles=("Over-Ear", "On-Ear", "In-Ear", "Noise-Cancelling", "True Wireless"),
            zh_styles=("头戴式", "入耳式", "真无线", "主动降噪", "运动"),
            variants=("with Mic", "Bluetooth 5.3", "40h Battery"),
            zh_variants=("蓝牙5.3", "带麦", "超长续航"),
            plural=True,
        ),
        Subcategory(
            "Smartphones", "Smartphone", "智能手机", (129.0, 1199.0),
            ("aluminum", "glass", "plastic"),
            styles=("5G", "Dual-SIM", "Rugged"),
            zh_styles=("5G", "全网通", "三防"),
            variants=("Unlocked", "with Fast Charger", "Dual Camera"),
            zh_variants=("双卡双待", "拍照手机", "大电池"),
            sizes=("128 GB", "256 GB", "512 GB"),
        ),
        Subcategory(
            "Laptops", "Laptop", "笔记本电脑", (349.0, 2499.0),
            ("aluminum", "magnesium alloy", "plastic"),
            styles=("Gaming", "2-in-1", "Business", "Student"),
            zh_styles=("游戏本", "二合一", "商务", "轻薄本"),
            variants=("16GB RAM, 512GB SSD", "8GB RAM, 256GB SSD", "32GB RAM, 1TB SSD"),
            zh_variants=("16G内存 512G固态", "8G内存 256G固态", "32G内存 1T固态"),
            sizes=("13 in", "14 in", "15.6 in", "16 in"),
            colors=("black", "gray", "silver", "blue", "white", "gold"),
        ),
        Subcategory(
            "Smartwatches", "Smartwatch", "智能手表", (39.0, 499.0),
            ("aluminum", "stainless steel", "silicone"),
            styles=("Fitness", "GPS", "Kids"),
            zh_styles=("运动", "GPS定位", "儿童"),
            variants=("with Heart Rate Monitor", "with Sleep Tracking", "Waterproof"),
            zh_variants=("心率监测", "睡眠监测", "防水"),
            sizes=("40 mm", "42 mm", "44 mm", "46 mm"),
        ),
        Subcategory(
            "Bluetooth Speakers", "Bluetooth Speaker", "蓝牙音箱", (19.0, 299.0),
            ("plastic", "fabric", "aluminum", "rubber"),
            styles=("Waterproof", "Mini", "Party", "Outdoor"),
            zh_styles=("防水", "迷你", "户外", "低音炮"),
            variants=("with Deep Bass", "20W", "12h Playtime"),
            zh_variants=("重低音", "20W", "超长续航"),
        ),
        Subcategory(
            "Power Banks", "Power Bank", "充电宝", (15.0, 90.0), ("plastic", "aluminum"),
            styles=("Fast-Charging", "Magnetic", "Slim"),
            zh_styles=("快充", "磁吸", "超薄"),
            variants=("10000mAh", "20000mAh", "5000mAh"),
            zh_variants=("10000毫安", "20000毫安", "5000毫安"),
        ),
        Subcategory(
            "Televisions", "Smart TV", "智能电视", (199.0, 2499.0), ("plastic", "aluminum"),
            styles=("4K UHD", "QLED", "OLED"),
            zh_styles=("4K超高清", "QLED", "OLED"),
            variants=("with HDR", "120Hz", "with Voice Remote"),
            zh_variants=("HDR", "120Hz高刷", "语音遥控"),
            sizes=("43 in", "50 in", "55 in", "65 in", "75 in"),
            colors=("black", "silver", "gray"),
        ),
    ),
)


HOME = Category(
    name="Home",
    zh="家居",
    weight=7,
    brands=(
        "Hearthwell", "Larkspur Home", "Oakhaven", "Pillowby", "Stillwater Living", "Mossgrove",
        "Amberlight", "Casa Verano", "Whitfield & Wren", "Nestory",
    ),
    adjectives=("Soft", "Cozy", "Modern", "Rustic", "Minimalist", "Handcrafted", "Premium"),
    zh_adjectives=("北欧风", "简约", "柔软", "加厚", "日式", "轻奢", "手工"),
    colors=_ALL,
    benefits=(
        "Brings warmth and texture to any room.", "Easy to care for and built to last.",
        "Pairs with modern and classic interiors alike.",
        "Arrives ready to use, no assembly needed.",
        "Thoughtfully finished down to the last detail.",
    ),
    zh_benefits=(
        "为房间增添温馨质感。", "打理方便，经久耐用。", "百搭各种家居风格。",
        "到手即用，无需安装。", "细节用心，做工精致。",
    ),
    subcategories=(
        Subcategory(
            "Bedding", "Duvet Cover Set", "床品四件套", (29.0, 220.0),
            ("cotton", "linen", "microfiber", "bamboo fiber", "silk"),
            styles=("Striped", "Solid", "Washed", "Jacquard"),
            zh_styles=("条纹", "纯色", "水洗", "提花"),
            sizes=("Twin", "Full", "Queen", "King"),
        ),
        Subcategory(
            "Pillows", "Pillow", "枕头", (12.0, 90.0),
            ("memory foam", "down", "polyester", "latex", "cotton"),
            styles=("Cooling", "Contour", "Side-Sleeper", "Throw"),
            zh_styles=("凉感", "护颈", "侧睡", "抱枕"),
            variants=("2-Pack", "Queen Size", "King Size"),
            zh_variants=("两只装", "单只装", "成人"),
        ),
        Subcategory(
            "Curtains", "Curtains", "窗帘", (18.0, 120.0),
            ("polyester", "linen", "velvet", "cotton"),
            styles=("Blackout", "Sheer", "Thermal", "Grommet"),
            zh_styles=("遮光", "纱帘", "保温", "打孔"),
            variants=("2 Panels", "84 Inch", "63 Inch"),
            zh_variants=("两片装", "成品", "定制"),
            plural=True,
        ),
        Subcategory(
            "Rugs", "Area Rug", "地毯", (25.0, 400.0), ("wool", "jute", "polyester", "cotton"),
            styles=("Shag", "Braided", "Geometric", "Washable"),
            zh_styles=("长毛", "编织", "几何", "可水洗"),
            sizes=("120 x 170 cm", "160 x 230 cm", "200 x 300 cm"),
        ),
        Subcategory(
            "Lamps", "Table Lamp", "台灯", (19.0, 180.0), ("ceramic", "metal", "glass", "wood"),
            styles=("Bedside", "Dimmable", "Arc", "Mushroom"),
            zh_styles=("床头", "调光", "落地", "蘑菇"),
            variants=("with USB Port", "Set of 2", "LED Bulb Included"),
            zh_variants=("带USB接口", "两只装", "含LED灯泡"),
        ),
        Subcategory(
            "Storage Baskets", "Storage Basket", "收纳篮", (9.0, 60.0),
            ("cotton rope", "seagrass", "plastic", "rattan"),
            styles=("Woven", "Collapsible", "Lidded"),
            zh_styles=("编织", "可折叠", "带盖"),
            variants=("Set of 3", "Large", "with Handles"),
            zh_variants=("三件套", "大号", "带提手"),
        ),
        Subcategory(
            "Candles", "Scented Candle", "香薰蜡烛", (8.0, 45.0), ("soy wax", "beeswax"),
            styles=("Lavender", "Sea Salt", "Cedarwood", "Vanilla"),
            zh_styles=("薰衣草", "海盐", "雪松", "香草"),
            variants=("in Glass Jar", "3-Wick", "Gift Set"),
            zh_variants=("玻璃杯装", "三芯", "礼盒装"),
        ),
    ),
    zh_extras=("家用", "新款", "卧室", "客厅", "ins风"),
    leads=(
        "{Adj} {color_l} {style_l} {noun_l} from {brand}, made with {material}.",
        "{This} {adj_l} {noun_l} from {brand} {comes} in {color_l} {material}.",
    ),
)


KITCHEN = Category(
    name="Kitchen",
    zh="厨房用品",
    weight=6,
    brands=(
        "Saltbush", "Copperleaf", "Kettleworth", "Ironmere", "Pantry & Pine", "Brasero",
        "Mirelle Kitchen", "Cuisinova", "Ember & Oak", "Stonebake",
    ),
    adjectives=("Durable", "Professional", "Everyday", "Heavy-Duty", "Ergonomic", "Premium"),
    zh_adjectives=("经久耐用", "家用实惠", "一物多用", "轻松清洗", "简约", "高颜值"),
    colors=("black", "white", "silver", "red", "gray", "green", "blue", "beige", "navy", "orange"),
    benefits=(
        "Made from food-safe materials.",
        "Easy to clean after every use.",
        "Built for daily use in busy kitchens.",
        "Stores neatly in small kitchens.",
        "A smart upgrade for everyday cooking.",
    ),
    zh_benefits=(
        "食品级材质，用得放心。",
        "使用后清洗方便。",
        "经得起日常高频使用。",
        "收纳小巧，小厨房也放得下。",
        "日常烹饪的贴心帮手。",
    ),
    subcategories=(
        Subcategory(
            "Frying Pans", "Frying Pan", "平底锅", (18.0, 180.0),
            ("cast iron", "stainless steel", "aluminum", "ceramic", "carbon steel"),
            styles=("Nonstick", "Deep", "Grill", "Induction-Ready"),
            zh_styles=("麦饭石", "深口", "煎烤", "电磁炉适用"),
            variants=("with Lid", "Set of 2"),
            zh_variants=("带锅盖", "两件套"),
            sizes=("20 cm", "24 cm", "28 cm", "30 cm"),
            adjectives=("Nonstick", "Heavy-Duty", "Professional", "Everyday"),
            zh_adjectives=("不粘易洗", "加厚耐磨", "少油烟", "受热均匀"),
        ),
        Subcategory(
            "Knives", "Chef's Knife", "厨师刀", (15.0, 220.0),
            ("stainless steel", "carbon steel", "ceramic"),
            styles=("Forged", "Japanese-Style", "Santoku"),
            zh_styles=("锻打", "日式", "三德"),
            variants=("with Sheath", "Gift Box"),
            zh_variants=("带刀套", "礼盒装"),
            sizes=("15 cm", "20 cm"),
        ),
        Subcategory(
            "Coffee Makers", "Coffee Maker", "咖啡机", (29.0, 599.0),
            ("stainless steel", "plastic", "glass"),
            styles=("Drip", "Espresso", "Pour-Over", "Single-Serve"),
            zh_styles=("滴滤式", "意式", "手冲", "胶囊"),
            variants=("12-Cup", "with Milk Frother", "with Timer"),
            zh_variants=("12杯", "带奶泡", "预约定时"),
        ),
        Subcategory(
            "Blenders", "Blender", "料理机", (25.0, 350.0), ("plastic", "glass", "stainless steel"),
            styles=("High-Speed", "Personal", "Countertop"),
            zh_styles=("破壁", "便携", "多功能"),
            variants=("1200W", "with To-Go Cups"),
            zh_variants=("1200W", "附随行杯"),
        ),
        Subcategory(
            "Food Storage", "Food Storage Containers", "保鲜盒", (10.0, 60.0),
            ("glass", "plastic", "stainless steel"),
            styles=("Stackable", "Leak-Proof", "Meal Prep"),
            zh_styles=("可叠放", "密封", "便当"),
            variants=("Set of 5", "Set of 10"),
            zh_variants=("五件套", "十件套"),
            plural=True,
        ),
        Subcategory(
            "Mugs", "Mug", "马克杯", (8.0, 35.0), ("ceramic", "stoneware", "porcelain", "glass"),
            styles=("Handmade", "Speckled", "Double-Wall"),
            zh_styles=("手作", "斑点釉", "双层"),
            variants=("Set of 2", "Set of 4", "350 ml"),
            zh_variants=("两只装", "情侣对杯", "350ml"),
        ),
        Subcategory(
            "Cutting Boards", "Cutting Board", "砧板", (10.0, 80.0), ("bamboo", "wood", "plastic"),
            styles=("End-Grain", "Reversible", "Juice-Groove"),
            zh_styles=("整木", "双面", "带凹槽"),
            variants=("Set of 3", "Large"),
            zh_variants=("三件套", "大号"),
            colors=("brown", "beige", "black", "white", "green"),
        ),
    ),
    zh_extras=("家用", "新款", "厨房", "送礼"),
)


BEAUTY = Category(
    name="Beauty",
    zh="美妆个护",
    weight=7,
    brands=(
        "Petalune", "Aurelle", "Velvetine", "Miravel", "Blushwood", "Clarabelle Skin", "Dewlight",
        "Soline", "Oriel Beauty", "Lumigrove", "Roselane",
    ),
    adjectives=("Hydrating", "Gentle", "Long-Lasting", "Nourishing", "Lightweight", "Radiance"),
    zh_adjectives=("保湿", "温和", "持久", "滋润", "清爽", "提亮"),
    colors=("white", "pink", "gold", "blue", "green", "beige", "purple", "black"),
    benefits=(
        "Dermatologist tested and suitable for sensitive skin.",
        "Absorbs quickly without a greasy feel.", "Free of parabens and synthetic dyes.",
        "Cruelty-free and never tested on animals.", "A little goes a long way.",
    ),
    zh_benefits=(
        "经皮肤科测试，敏感肌可用。", "吸收快，不油腻。", "不含对羟基苯甲酸酯和人工色素。",
        "零动物实验。", "质地细腻，用量省。",
    ),
    subcategories=(
        Subcategory(
            "Lipstick", "Lipstick", "口红", (8.0, 45.0), ("shea butter", "beeswax", "jojoba oil"),
            styles=("Matte", "Satin", "Sheer", "Velvet"),
            zh_styles=("哑光", "缎光", "水润", "丝绒"),
            variants=("3.5 g", "Set of 3"),
            zh_variants=("显白", "不易沾杯", "三支装"),
            colors=("red", "pink", "orange", "purple", "brown", "beige"),
        ),
        Subcategory(
            "Moisturizers", "Face Moisturizer", "面霜", (12.0, 120.0),
            ("hyaluronic acid", "ceramide", "shea butter", "squalane"),
            styles=("Daily", "Night", "Oil-Free", "Rich"),
            zh_styles=("日霜", "晚霜", "清爽型", "滋润型"),
            variants=("50 ml", "with SPF 30"),
            zh_variants=("50ml", "SPF30"),
            sizes=("50 ml",),
            patterns=EN_PLAIN_PATTERNS,
            zh_patterns=ZH_PLAIN_PATTERNS,
        ),
        Subcategory(
            "Serums", "Serum", "精华液", (15.0, 150.0),
            ("vitamin C", "niacinamide", "retinol", "hyaluronic acid"),
            styles=("Brightening", "Firming", "Repairing"),
            zh_styles=("美白", "紧致", "修护"),
            variants=("30 ml", "Travel Size"),
            zh_variants=("30ml", "旅行装"),
            sizes=("30 ml",),
            patterns=EN_PLAIN_PATTERNS,
            zh_patterns=ZH_PLAIN_PATTERNS,
        ),
        Subcategory(
            "Shampoo", "Shampoo", "洗发水", (6.0, 40.0),
            ("argan oil", "tea tree oil", "coconut oil"),
            styles=("Volumizing", "Anti-Dandruff", "Color-Safe", "Clarifying"),
            zh_styles=("蓬松", "去屑", "护色", "控油"),
            variants=("2-Pack", "Salon Size"),
            zh_variants=("400ml", "两瓶装"),
            sizes=("400 ml", "1 L"),
            patterns=EN_PLAIN_PATTERNS,
            zh_patterns=ZH_PLAIN_PATTERNS,
        ),
        Subcategory(
            "Perfume", "Eau de Parfum", "香水", (25.0, 180.0),
            ("rose", "sandalwood", "citrus", "vanilla"),
            styles=("Floral", "Woody", "Fresh"),
            zh_styles=("花香调", "木质调", "清新"),
            variants=("Gift Set", "Travel Spray"),
            zh_variants=("淡香", "留香持久", "礼盒装"),
            sizes=("50 ml", "100 ml"),
            adjectives=("Long-Lasting", "Elegant", "Fresh", "Signature"),
            zh_adjectives=("持久留香", "优雅", "清新", "小众"),
            patterns=EN_PLAIN_PATTERNS,
            zh_patterns=ZH_PLAIN_PATTERNS,
        ),
        Subcategory(
            "Nail Polish", "Nail Polish", "指甲油", (5.0, 22.0),
            ("gel formula", "water-based formula"),
            styles=("Glossy", "Quick-Dry", "Glitter"),
            zh_styles=("亮面", "速干", "闪粉"),
            variants=("10 ml", "Set of 6"),
            zh_variants=("免烤", "可剥", "六色套装"),
            colors=("red", "pink", "purple", "navy", "black", "white", "gold", "silver", "orange"),
            adjectives=("Long-Lasting", "Chip-Resistant", "Glossy", "Vegan"),
            zh_adjectives=("持久", "不易掉色", "显白", "亮泽"),
        ),
        Subcategory(
            "Sunscreen", "Sunscreen", "防晒霜", (8.0, 45.0), ("zinc oxide", "niacinamide"),
            styles=("Mineral", "Sport", "Tinted"),
            zh_styles=("物理", "运动", "隔离"),
            variants=("SPF 50", "SPF 30"),
            zh_variants=("SPF50", "SPF30", "防水防汗"),
            patterns=EN_PLAIN_PATTERNS,
            zh_patterns=ZH_PLAIN_PATTERNS,
        ),
    ),
    zh_extras=("新款", "热卖", "礼盒", "官方正品"),
    leads=(
        "{Adj} {style_l} {noun_l} from {brand}, formulated with {material}.",
        "The {brand} {style_l} {noun_l} {is} formulated with {material} for everyday use.",
    ),
    zh_leads=(
        "{brand}{style}{noun}，添加{material}，{adj}配方，肤感舒适。",
        "这款{brand}{noun}蕴含{material}，{adj}，日常使用无负担。",
    ),
)


GROCERY = Category(
    name="Grocery",
    zh="食品生鲜",
    weight=6,
    brands=(
        "Harvest Hollow", "Meadowbrook Pantry", "Tamarind Lane", "Golden Furrow", "Stonemill Farms",
        "Blue Orchard", "Wildthyme", "Saltmarsh Provisions", "Honeycomb Hill", "Riverbend Roasters",
    ),
    adjectives=("Organic", "Premium", "Small-Batch", "Natural", "Gluten-Free", "Artisan"),
    zh_adjectives=("有机", "优选", "天然", "进口", "手工", "原产地"),
    colors=("brown", "green", "yellow", "red", "black", "beige"),
    benefits=(
        "Sourced from family farms we know by name.",
        "No artificial flavors, colors or preservatives.", "Resealable pack keeps it fresh.",
        "Best stored in a cool, dry place.", "Packed fresh in small batches.",
    ),
    zh_benefits=(
        "源自合作家庭农场，产地可追溯。", "不添加人工香精、色素和防腐剂。",
        "密封包装，开袋后也能保持新鲜。", "请存放于阴凉干燥处。", "小批量新鲜包装。",
    ),
    subcategories=(
        Subcategory(
            "Coffee", "Coffee Beans", "咖啡豆", (7.0, 35.0), ("arabica", "robusta"),
            styles=("Medium Roast", "Dark Roast", "Espresso", "Light Roast"),
            zh_styles=("中度烘焙", "深度烘焙", "意式", "浅度烘焙"),
            variants=("Whole Bean", "Ground"),
            zh_variants=("整豆", "现磨咖啡粉"),
            sizes=("250 g", "500 g", "1 kg"),
            colors=("brown", "black"),
            plural=True,
        ),
        Subcategory(
            "Tea", "Loose Leaf Tea", "茶叶", (5.0, 40.0),
            ("green tea", "black tea", "oolong", "jasmine", "pu-erh"),
            styles=("Spring Harvest", "Smoky", "Floral"),
            zh_styles=("明前", "烟熏", "花香"),
            variants=("Tin", "20 Tea Bags"),
            zh_variants=("罐装", "袋泡茶20包", "礼盒装"),
            sizes=("100 g", "250 g"),
            colors=("green", "black", "brown", "yellow"),
        ),
        Subcategory(
            "Snacks", "Mixed Nuts", "坚果", (4.0, 30.0),
            ("almonds", "cashews", "walnuts", "pistachios"),
            styles=("Roasted", "Lightly Salted", "Honey-Roasted", "Unsalted"),
            zh_styles=("烘烤", "淡盐", "蜂蜜", "原味"),
            variants=("Family Pack", "12 Snack Packs"),
            zh_variants=("每日坚果", "独立小包装"),
            sizes=("200 g", "500 g", "1 kg"),
            colors=("brown", "beige"),
            plural=True,
        ),
        Subcategory(
            "Pasta", "Pasta", "意大利面", (2.0, 12.0), ("durum wheat", "whole wheat"),
            styles=("Spaghetti", "Penne", "Fusilli", "Rigatoni"),
            zh_styles=("直条", "通心粉", "螺旋", "粗管"),
            variants=("Bronze-Cut", "4-Pack"),
            zh_variants=("铜模", "四袋装"),
            sizes=("500 g", "1 kg"),
            colors=("yellow", "beige", "brown"),
        ),
        Subcategory(
            "Olive Oil", "Extra Virgin Olive Oil", "特级初榨橄榄油", (8.0, 40.0), ("olives",),
            styles=("Cold-Pressed", "Single-Origin", "Early Harvest"),
            zh_styles=("冷压", "单一产地", "早收"),
            variants=("Glass Bottle", "Tin"),
            zh_variants=("玻璃瓶装", "铁罐装"),
            sizes=("500 ml", "750 ml", "1 L"),
            colors=("green", "yellow"),
        ),
        Subcategory(
            "Chocolate", "Chocolate Bar", "巧克力", (2.0, 20.0), ("cocoa", "hazelnuts"),
            styles=("70% Dark", "Milk", "Sea Salt", "Almond"),
            zh_styles=("70%黑", "牛奶", "海盐", "扁桃仁"),
            variants=("6-Pack", "Gift Box"),
            zh_variants=("六块装", "礼盒装"),
            sizes=("100 g",),
            colors=("brown", "black", "red", "gold"),
        ),
        Subcategory(
            "Honey", "Raw Honey", "蜂蜜", (6.0, 35.0),
            ("wildflower honey", "acacia honey", "linden honey"),
            styles=("Raw", "Creamed", "Unfiltered"),
            zh_styles=("原蜜", "结晶", "未过滤"),
            variants=("Squeeze Bottle", "Glass Jar"),
            zh_variants=("挤压瓶", "玻璃瓶装"),
            sizes=("250 g", "500 g", "1 kg"),
            colors=("gold", "yellow", "brown"),
        ),
    ),
    zh_extras=("家庭装", "新货", "包邮", "囤货"),
    patterns=(
        "{brand} {Adj} {style} {noun}, {size}", "{brand} {style} {noun} {variant}",
        "{Adj} {style} {noun} by {brand}, {size}",
    ),
    zh_patterns=(
        "{brand} {adj}{style}{noun} {size}", "{adj}{noun} {style} {material} {size} {extra}",
        "{brand} {style}{noun} {variant} {extra}",
    ),
    leads=(
        "{Adj} {style_l} {noun_l} from {brand}, made with {material}.",
        "{brand} {style_l} {noun_l}, carefully made from {material}.",
    ),
    zh_leads=(
        "{brand}{style}{noun}，精选{material}原料，{adj}品质。",
        "这款{brand}{noun}选用{material}，{adj}，{style}风味。",
    ),
)


TOYS = Category(
    name="Toys",
    zh="玩具",
    weight=5,
    brands=(
        "Puddlejump", "Tinker Harbor", "Wobblewick", "Marblemoon", "Kiteberry", "Fiddlefox",
        "Brightbrick", "Hopscotch Lane", "Snugglewood", "Orbitoy",
    ),
    adjectives=("Educational", "Colorful", "Creative", "Interactive", "Classic", "Durable"),
    zh_adjectives=("益智", "创意", "早教", "趣味", "经典", "耐玩"),
    colors=("red", "blue", "yellow", "green", "pink", "purple", "orange", "white", "brown"),
    benefits=(
        "Builds fine motor skills and imagination.",
        "Safety tested to international toy standards.",
        "Great for solo play or with the whole family.", "Rounded edges and non-toxic finishes.",
        "Recommended for ages 3 and up.",
    ),
    zh_benefits=(
        "锻炼动手能力，激发想象力。", "通过国际玩具安全标准检测。",
        "适合独自玩耍，也适合亲子互动。", "圆角设计，环保无毒涂层。", "建议3岁以上儿童使用。",
    ),
    subcategories=(
        Subcategory(
            "Building Blocks", "Building Blocks", "积木", (10.0, 150.0), ("plastic", "wood"),
            styles=("City", "Castle", "Space", "Starter"),
            zh_styles=("城市", "城堡", "太空", "入门"),
            variants=("500 Pieces", "1000 Pieces", "250 Pieces"),
            zh_variants=("500颗粒", "1000颗粒", "250颗粒"),
            plural=True,
        ),
        Subcategory(
            "Plush Toys", "Plush Toy", "毛绒玩具", (8.0, 50.0), ("plush", "polyester", "cotton"),
            styles=("Bear", "Bunny", "Dinosaur", "Cat"),
            zh_styles=("小熊", "兔子", "恐龙", "猫咪"),
            variants=("30 cm", "Extra Large"),
            zh_variants=("30厘米", "超大号", "安抚"),
        ),
        Subcategory(
            "Puzzles", "Jigsaw Puzzle", "拼图", (8.0, 40.0), ("cardboard", "wood"),
            styles=("Landscape", "World Map", "Animal"),
            zh_styles=("风景", "世界地图", "动物"),
            variants=("500 Pieces", "1000 Pieces", "100 Pieces"),
            zh_variants=("500片", "1000片", "100片"),
        ),
        Subcategory(
            "Remote Control Cars", "Remote Control Car", "遥控车", (20.0, 150.0),
            ("plastic", "metal"),
            styles=("Off-Road", "Stunt", "Drift", "Monster Truck"),
            zh_styles=("越野", "特技", "漂移", "大脚"),
            variants=("with 2 Batteries", "2.4 GHz"),
            zh_variants=("双电池", "2.4G"),
        ),
        Subcategory(
            "Dolls", "Doll", "娃娃", (10.0, 80.0), ("vinyl", "cloth", "plastic"),
            styles=("Fashion", "Baby", "Rag"),
            zh_styles=("换装", "仿真", "布"),
            variants=("with Accessories", "Gift Set"),
            zh_variants=("带配件", "礼盒装"),
        ),
        Subcategory(
            "Board Games", "Board Game", "桌游", (12.0, 70.0), ("cardboard", "wood"),
            styles=("Strategy", "Party", "Cooperative", "Word"),
            zh_styles=("策略", "聚会", "合作", "文字"),
            variants=("for 2-6 Players", "Family Edition"),
            zh_variants=("2-6人", "家庭版"),
        ),
    ),
    zh_extras=("儿童", "生日礼物", "新款", "男孩女孩"),
)


SPORTS = Category(
    name="Sports",
    zh="运动户外",
    weight=6,
    brands=(
        "Peakward", "Ridgeborn", "Tempo Forge", "Summitly", "Quickfell", "Aerocrest", "Boulderbay",
        "Vantor Sport", "Palisade Gear", "Fathom Fit",
    ),
    adjectives=("Pro", "Lightweight", "Durable", "Portable", "Premium", "Compact"),
    zh_adjectives=("专业", "轻便", "耐用", "便携", "高端", "小巧"),
    colors=("black", "blue", "green", "gray", "red", "orange", "purple", "pink", "navy", "yellow"),
    benefits=(
        "Built for training hard, day after day.",
        "Made for home, gym and trail.",
        "Tested outdoors in all seasons.",
        "Easy to wipe clean after a session.",
        "Suitable for beginners and seasoned athletes.",
    ),
    zh_benefits=(
        "经得起日复一日的高强度训练。",
        "居家、健身房、户外都适用。",
        "四季户外实测，品质可靠。",
        "运动后擦拭即可清洁。",
        "新手和资深玩家都适用。",
    ),
    subcategories=(
        Subcategory(
            "Yoga Mats", "Yoga Mat", "瑜伽垫", (15.0, 120.0),
            ("TPE", "natural rubber", "PVC", "cork"),
            styles=("Extra-Thick", "Travel", "Alignment"),
            zh_styles=("加厚", "折叠", "体位线"),
            variants=("6 mm", "8 mm", "with Carry Strap"),
            zh_variants=("6mm", "8mm", "送绑带"),
            sizes=("183 x 61 cm", "185 x 80 cm"),
            adjectives=("Non-Slip", "Eco-Friendly", "Cushioned", "Lightweight"),
            zh_adjectives=("防滑", "环保", "加厚", "轻便"),
        ),
        Subcategory(
            "Dumbbells", "Dumbbells", "哑铃", (15.0, 250.0), ("cast iron", "rubber", "neoprene"),
            styles=("Adjustable", "Hex", "Coated"),
            zh_styles=("可调节", "六角", "包胶"),
            variants=("Pair", "Set with Rack"),
            zh_variants=("一对装", "带支架套装"),
            sizes=("2 kg", "5 kg", "10 kg", "20 kg"),
            colors=("black", "gray", "red", "blue", "pink", "purple"),
            plural=True,
        ),
        Subcategory(
            "Bicycles", "Bike", "自行车", (199.0, 1899.0), ("aluminum", "carbon fiber", "steel"),
            styles=("Road", "Mountain", "Hybrid", "Folding"),
            zh_styles=("公路车", "山地车", "通勤", "折叠"),
            variants=("21-Speed", "Single-Speed", "with Disc Brakes"),
            zh_variants=("21速", "单速", "碟刹"),
            sizes=("S", "M", "L"),
        ),
        Subcategory(
            "Tents", "Tent", "帐篷", (49.0, 499.0), ("nylon", "polyester"),
            styles=("Backpacking", "Dome", "Instant", "Cabin"),
            zh_styles=("徒步", "圆顶", "速开", "大空间"),
            variants=("2-Person", "4-Person", "6-Person"),
            zh_variants=("双人", "四人", "六人"),
        ),
        Subcategory(
            "Water Bottles", "Water Bottle", "运动水杯", (8.0, 45.0),
            ("stainless steel", "Tritan", "glass"),
            styles=("Insulated", "Leak-Proof", "Collapsible"),
            zh_styles=("保温", "防漏", "折叠"),
            variants=("with Straw", "with Time Marker"),
            zh_variants=("带吸管", "带刻度"),
            sizes=("500 ml", "750 ml", "1 L"),
        ),
        Subcategory(
            "Hiking Backpacks", "Hiking Backpack", "登山包", (29.0, 220.0), ("nylon", "polyester"),
            styles=("Daypack", "Ultralight", "Hydration"),
            zh_styles=("日用", "超轻", "水袋"),
            variants=("with Rain Cover", "with Hip Belt"),
            zh_variants=("送防雨罩", "带腰带"),
            sizes=("20 L", "30 L", "45 L", "60 L"),
        ),
        Subcategory(
            "Tennis Rackets", "Tennis Racket", "网球拍", (25.0, 260.0),
            ("graphite", "aluminum", "carbon fiber"),
            styles=("Tour", "Control", "Power"),
            zh_styles=("专业", "控制型", "力量型"),
            variants=("Strung", "with Cover"),
            zh_variants=("已穿线", "送拍套"),
        ),
    ),
    zh_extras=("健身", "户外", "新款", "家用"),
)


BOOKS = Category(
    name="Books",
    zh="图书",
    weight=5,
    brands=(
        "Harbor Lane Press", "Quillstone Books", "Fernleaf Publishing", "Lanternfield",
        "Marrow & Page", "Inkwell Yard", "Bramblecote Press", "Silverbirch Books",
        "Tidewater Editions", "Northlight Readers",
    ),
    adjectives=("Bestselling", "Illustrated", "Award-Winning", "Revised", "Essential"),
    zh_adjectives=("畅销", "图解", "获奖", "全新修订", "经典"),
    colors=("blue", "red", "green", "black", "white", "yellow", "orange", "navy", "beige"),
    benefits=(
        "A favorite of book clubs and reviewers.", "Printed on acid-free paper.",
        "Includes an index and further reading.", "Perfect for gifting or a long weekend.",
        "Now in a fresh new edition.",
    ),
    zh_benefits=(
        "读书会和书评人的共同推荐。", "无酸纸印刷，久存不泛黄。", "附索引与延伸阅读书目。",
        "适合送礼，也适合周末慢读。", "全新版本，装帧精美。",
    ),
    subcategories=(
        Subcategory(
            "Fiction", "Novel", "小说", (8.0, 30.0), ("paperback", "hardcover"),
            styles=(
                "The Lantern Keeper", "Salt and Cedar", "A Winter in Marlow", "The Glass Orchard",
                "Letters from the North", "The Quiet Harbor",
            ),
            zh_styles=("海港的灯", "北方来信", "雪落无声", "玻璃果园", "远山", "灯塔守望者"),
        ),
        Subcategory(
            "Cookbooks", "Cookbook", "烹饪书", (12.0, 45.0), ("paperback", "hardcover"),
            styles=(
                "Weeknight Vegetables", "The Sourdough Year", "Noodles from Scratch",
                "One-Pan Dinners", "The Spice Shelf",
            ),
            zh_styles=("家常快手菜", "酸面包的一年", "手工面条", "一锅出", "香料之书"),
        ),
        Subcategory(
            "Children's Books", "Picture Book", "绘本", (5.0, 20.0),
            ("board book", "paperback", "hardcover"),
            styles=(
                "Goodnight, Little Fox", "The Very Brave Snail", "Where the Kites Go",
                "Bear Learns to Share", "Counting Clouds",
            ),
            zh_styles=("晚安小狐狸", "勇敢的小蜗牛", "风筝去哪儿了", "小熊学分享", "数云朵"),
        ),
        Subcategory(
            "Science", "Popular Science Book", "科普读物", (10.0, 40.0), ("paperback", "hardcover"),
            styles=(
                "The Hidden Life of Soil", "Why the Sky Is Blue", "A Short History of Time Zones",
                "Insects Up Close",
            ),
            zh_styles=("土壤的秘密", "天空为什么是蓝色的", "时区简史", "昆虫小宇宙"),
        ),
        Subcategory(
            "Business", "Business Book", "经管图书", (12.0, 35.0), ("paperback", "hardcover"),
            styles=(
                "The Patient Founder", "Small Teams, Big Work", "Pricing with Purpose",
                "The Calm Manager",
            ),
            zh_styles=("耐心的创业者", "小团队大作为", "定价的逻辑", "从容管理"),
        ),
        Subcategory(
            "Travel Guides", "Travel Guide", "旅行指南", (10.0, 30.0), ("paperback",),
            styles=(
                "Coastal Portugal", "Kyoto on Foot", "The Scottish Highlands", "Patagonia Trails",
            ),
            zh_styles=("葡萄牙海岸", "漫步京都", "苏格兰高地", "巴塔哥尼亚徒步"),
        ),
    ),
    zh_extras=("正版", "新书", "包邮"),
    patterns=(
        "{style}: {Adj} {noun} ({Material})", "{style} - {noun} by {brand}, {Material}",
        "{brand} {Adj} {noun}: {style}",
    ),
    zh_patterns=(
        "《{style}》 {adj}{noun} {material}", "{brand} 《{style}》 {noun} {material} {extra}",
    ),
    leads=(
        "{style}: {adj_l} {noun_l} from {brand}, available in {material}.",
        "From {brand}, {style} is {a_adj_l} read, available in {material}.",
    ),
    zh_leads=(
        "《{style}》是{brand}出版的{adj}{noun}，{material}版本。",
        "{brand}出品的{adj}{noun}《{style}》，{material}。",
    ),
    style_is_title=True,
)


JEWELRY = Category(
    name="Jewelry",
    zh="珠宝首饰",
    weight=4,
    brands=(
        "Aurum Vale", "Glintmere", "Opaline & Co", "Seraphine", "Lustra", "Briolette Lane",
        "Goldfinch Atelier", "Marisol Jewels", "Thistle & Pearl", "Celesta",
    ),
    adjectives=("Elegant", "Dainty", "Minimalist", "Vintage", "Handmade", "Sparkling"),
    zh_adjectives=("精致", "简约", "复古", "手工", "百搭", "闪耀"),
    colors=("gold", "silver", "white", "black", "red", "blue", "green", "purple", "pink"),
    benefits=(
        "Hypoallergenic and gentle on sensitive skin.", "Arrives in a gift box, ready to give.",
        "Polished by hand for a lasting shine.", "Layers beautifully with other pieces.",
        "Tarnish-resistant finish.",
    ),
    zh_benefits=(
        "低敏材质，敏感肌也能佩戴。", "附精美礼盒，收到即可送礼。", "手工抛光，光泽持久。",
        "叠戴搭配更有层次。", "抗氧化工艺，不易褪色。",
    ),
    subcategories=(
        Subcategory(
            "Necklaces", "Necklace", "项链", (15.0, 400.0),
            ("sterling silver", "14k gold", "gold-plated brass", "stainless steel", "pearl"),
            styles=("Pendant", "Chain", "Choker", "Layered"),
            zh_styles=("吊坠", "锁骨链", "颈链", "叠戴"),
            variants=("45 cm", "with Gift Box"),
            zh_variants=("45厘米", "附礼盒"),
        ),
        Subcategory(
            "Rings", "Ring", "戒指", (12.0, 600.0),
            ("sterling silver", "14k gold", "titanium", "gold-plated brass"),
            styles=("Stacking", "Signet", "Solitaire", "Band"),
            zh_styles=("叠戴", "印章", "单钻", "素圈"),
            variants=("for Women", "for Men"),
            zh_variants=("女款", "男款", "情侣对戒"),
            sizes=("5", "6", "7", "8", "9", "10"),
        ),
        Subcategory(
            "Earrings", "Earrings", "耳环", (10.0, 300.0),
            ("sterling silver", "14k gold", "gold-plated brass", "pearl"),
            styles=("Hoop", "Stud", "Drop", "Huggie"),
            zh_styles=("圈圈", "耳钉", "耳坠", "耳扣"),
            variants=("Pair", "Set of 3"),
            zh_variants=("一对装", "三对装"),
            plural=True,
        ),
        Subcategory(
            "Bracelets", "Bracelet", "手链", (10.0, 300.0),
            ("sterling silver", "14k gold", "leather", "pearl", "stainless steel"),
            styles=("Charm", "Bangle", "Tennis", "Beaded"),
            zh_styles=("串珠", "手镯", "满钻", "编织"),
            variants=("Adjustable", "18 cm"),
            zh_variants=("可调节", "18厘米"),
        ),
        Subcategory(
            "Watches", "Watch", "腕表", (49.0, 800.0), ("stainless steel", "leather", "titanium"),
            styles=("Automatic", "Quartz", "Chronograph", "Dress"),
            zh_styles=("自动机械", "石英", "计时", "正装"),
            variants=("for Men", "for Women", "40 mm"),
            zh_variants=("男表", "女表", "40毫米"),
        ),
    ),
    zh_extras=("送女友", "生日礼物", "新款", "情人节"),
)


GARDEN = Category(
    name="Garden",
    zh="园艺",
    weight=4,
    brands=(
        "Greenhaven", "Fernway", "Thornbury Tools", "Rootwise", "Bloomstead", "Trowel & Terra",
        "Mossy Gate", "Sunpatch", "Willowmere Garden", "Hedgerow Supply",
    ),
    adjectives=("Heavy-Duty", "Weatherproof", "Ergonomic", "Durable", "Compact", "Outdoor"),
    zh_adjectives=("加厚", "防锈", "户外", "耐用", "省力", "便携"),
    colors=("green", "black", "brown", "gray", "white", "beige", "orange", "blue"),
    benefits=(
        "Made for gardens, patios and balconies.",
        "Loved by first-time and experienced gardeners.",
        "Easy to use, season after season.",
        "Packed with care and shipped fast.",
        "Built for outdoor life.",
    ),
    zh_benefits=(
        "适合庭院、露台和阳台。",
        "新手和老园丁都爱用。",
        "简单好用，一季又一季。",
        "用心打包，发货迅速。",
        "为户外生活而设计。",
    ),
    subcategories=(
        Subcategory(
            "Planters", "Planter", "花盆", (8.0, 120.0),
            ("ceramic", "terracotta", "plastic", "concrete", "resin"),
            styles=("Self-Watering", "Hanging", "Raised", "Round"),
            zh_styles=("自吸水", "吊挂", "高脚", "圆形"),
            variants=("Set of 3", "with Drainage Hole", "30 cm"),
            zh_variants=("三件套", "带排水孔", "30厘米"),
        ),
        Subcategory(
            "Pruning Shears", "Pruning Shears", "修枝剪", (12.0, 70.0),
            ("carbon steel", "stainless steel"),
            styles=("Bypass", "Anvil", "Ratchet"),
            zh_styles=("剪切式", "砧式", "棘轮省力"),
            variants=("with Safety Lock", "with Holster"),
            zh_variants=("带安全锁", "送刀套"),
            colors=("red", "orange", "green", "black"),
            plural=True,
        ),
        Subcategory(
            "Garden Hoses", "Garden Hose", "浇水软管", (19.0, 90.0), ("rubber", "PVC"),
            styles=("Expandable", "Kink-Free", "Coiled"),
            zh_styles=("伸缩", "防缠绕", "弹簧"),
            variants=("with Spray Nozzle", "with Reel"),
            zh_variants=("送喷枪", "带卷管器"),
            sizes=("15 m", "30 m"),
        ),
        Subcategory(
            "Seeds", "Seed Packet", "种子", (2.0, 12.0), ("organic seeds", "non-GMO seeds"),
            styles=("Tomato", "Basil", "Sunflower", "Lavender", "Wildflower"),
            zh_styles=("番茄", "罗勒", "向日葵", "薰衣草", "野花"),
            variants=("Variety Pack", "200 Seeds"),
            zh_variants=("混合装", "200粒"),
            colors=("red", "green", "yellow", "purple", "orange"),
            adjectives=("Easy-to-Grow", "Fast-Growing", "Pollinator-Friendly", "Compact"),
            zh_adjectives=("易种植", "高发芽率", "四季可种", "阳台"),
        ),
        Subcategory(
            "Outdoor Lighting", "Solar Path Lights", "太阳能草坪灯", (15.0, 90.0),
            ("stainless steel", "plastic", "glass"),
            styles=("Solar", "Warm White", "Color-Changing"),
            zh_styles=("太阳能", "暖光", "变色"),
            variants=("8-Pack", "4-Pack"),
            zh_variants=("八只装", "四只装"),
            colors=("black", "silver", "white", "brown"),
            plural=True,
        ),
        Subcategory(
            "Patio Furniture", "Patio Chair", "户外椅", (49.0, 450.0),
            ("teak", "aluminum", "rattan", "steel"),
            styles=("Folding", "Stackable", "Adirondack", "Lounge"),
            zh_styles=("折叠", "可叠放", "木质", "躺椅"),
            variants=("Set of 2", "with Cushion"),
            zh_variants=("两把装", "带坐垫"),
        ),
    ),
    zh_extras=("阳台", "庭院", "家用", "新款"),
)


AUTOMOTIVE = Category(
    name="Automotive",
    zh="汽车用品",
    weight=4,
    brands=(
        "Roadwick", "Gearmont", "Axlecraft", "Torqueline", "Drivenest", "Milepost Auto", "Pistonry",
        "Lugnut & Co", "Autovell", "Tarmac Tailor",
    ),
    adjectives=("Universal", "Heavy-Duty", "Premium", "All-Weather", "Portable", "Easy-Install"),
    zh_adjectives=("通用", "加厚", "高端", "全天候", "便携", "免工具安装"),
    colors=("black", "gray", "beige", "red", "blue", "brown", "silver"),
    benefits=(
        "Fits most cars, SUVs and trucks.", "Installs in minutes with no tools.",
        "Built to handle heat, cold and road vibration.", "Easy to wipe down and keep clean.",
        "Backed by a two-year warranty.",
    ),
    zh_benefits=(
        "适配绝大多数轿车、SUV和皮卡。", "几分钟即可安装，无需工具。", "耐高温耐严寒，抗颠簸。",
        "表面易擦洗，保持车内整洁。", "享两年质保服务。",
    ),
    subcategories=(
        Subcategory(
            "Floor Mats", "Car Floor Mats", "汽车脚垫", (19.0, 150.0), ("rubber", "TPE", "carpet"),
            styles=("All-Season", "Custom-Fit", "Trimmable"),
            zh_styles=("四季", "专车专用", "可裁剪"),
            variants=("4-Piece Set", "Front Pair"),
            zh_variants=("四件套", "前排两片"),
            plural=True,
        ),
        Subcategory(
            "Dash Cams", "Dash Cam", "行车记录仪", (29.0, 250.0), ("plastic", "aluminum"),
            styles=("4K", "Front and Rear", "Mini"),
            zh_styles=("4K高清", "前后双录", "迷你"),
            variants=("with Night Vision", "with Parking Mode"),
            zh_variants=("夜视", "停车监控"),
            colors=("black", "gray", "silver"),
        ),
        Subcategory(
            "Phone Mounts", "Phone Mount", "车载手机支架", (8.0, 45.0),
            ("plastic", "aluminum", "silicone"),
            styles=("Magnetic", "Vent", "Dashboard", "Wireless Charging"),
            zh_styles=("磁吸", "出风口", "中控台", "无线充"),
            variants=("360 Degree", "One-Hand"),
            zh_variants=("360度旋转", "单手操作"),
        ),
        Subcategory(
            "Seat Covers", "Seat Covers", "汽车座套", (25.0, 180.0),
            ("leather", "polyester", "neoprene"),
            styles=("Breathable", "Waterproof", "Quilted"),
            zh_styles=("透气", "防水", "绗缝"),
            variants=("Full Set", "Front Pair"),
            zh_variants=("全包", "前排两座"),
            plural=True,
        ),
        Subcategory(
            "Tire Inflators", "Tire Inflator", "车载充气泵", (25.0, 120.0), ("plastic", "metal"),
            styles=("Cordless", "Digital", "12V"),
            zh_styles=("无线", "数显", "12V"),
            variants=("with LED Light", "150 PSI"),
            zh_variants=("带照明灯", "150PSI"),
        ),
        Subcategory(
            "Car Care", "Car Wash Kit", "洗车套装", (12.0, 70.0), ("microfiber", "plastic"),
            styles=("Foam", "Waterless", "Detailing"),
            zh_styles=("泡沫", "免水洗", "精洗"),
            variants=("9-Piece", "with Bucket"),
            zh_variants=("九件套", "带水桶"),
            colors=("blue", "gray", "yellow", "red", "black"),
        ),
    ),
    zh_extras=("车载", "新款", "通用款", "汽车"),
)


PET_SUPPLIES = Category(
    name="Pet Supplies",
    zh="宠物用品",
    weight=4,
    brands=(
        "Whiskerly", "Barkbury", "Tailwind Pets", "Furlong & Co", "Kibble Kitchen", "Purrfield",
        "Snoutwise", "Muttsworth", "Hound & Hearth", "Paddock Pets",
    ),
    adjectives=("Durable", "Cozy", "Washable", "Natural", "Interactive", "Adjustable"),
    zh_adjectives=("耐咬", "保暖", "可水洗", "天然", "互动", "可调节"),
    colors=("brown", "gray", "beige", "blue", "pink", "green", "red", "black"),
    benefits=(
        "Vet-approved and made for everyday use.",
        "Keeps tails wagging for hours.",
        "Easy to clean, even after muddy walks.",
        "Made for pets of every size.",
        "Made without fillers or artificial colors.",
    ),
    zh_benefits=(
        "宠物医生推荐，日常使用放心。",
        "毛孩子玩得停不下来。",
        "好打理，遛完弯也能轻松清洁。",
        "大中小型宠物都适用。",
        "不含诱食剂和人工色素。",
    ),
    subcategories=(
        Subcategory(
            "Dog Food", "Dry Dog Food", "狗粮", (12.0, 90.0), ("chicken", "salmon", "lamb", "beef"),
            styles=("Grain-Free", "Puppy", "Senior", "High-Protein"),
            zh_styles=("无谷", "幼犬", "老年犬", "高蛋白"),
            variants=("Adult", "Small Breed"),
            zh_variants=("成犬", "小型犬"),
            sizes=("2 kg", "6 kg", "12 kg"),
            colors=("brown",),
            adjectives=("Natural", "Wholesome", "Vet-Formulated", "Premium"),
            zh_adjectives=("天然", "营养均衡", "适口性好", "高端"),
            patterns=EN_PLAIN_PATTERNS,
            zh_patterns=ZH_PLAIN_PATTERNS,
        ),
        Subcategory(
            "Cat Food", "Cat Food", "猫粮", (8.0, 70.0), ("chicken", "salmon", "tuna"),
            styles=("Grain-Free", "Kitten", "Indoor", "Hairball Control"),
            zh_styles=("无谷", "幼猫", "室内", "去毛球"),
            variants=("Dry Food", "Wet Food 12-Pack"),
            zh_variants=("干粮", "湿粮12罐"),
            sizes=("1.5 kg", "4 kg", "8 kg"),
            colors=("brown", "orange"),
            adjectives=("Natural", "Wholesome", "Vet-Formulated", "Premium"),
            zh_adjectives=("天然", "营养均衡", "适口性好", "高端"),
            patterns=EN_PLAIN_PATTERNS,
            zh_patterns=ZH_PLAIN_PATTERNS,
        ),
        Subcategory(
            "Pet Beds", "Pet Bed", "宠物窝", (19.0, 150.0),
            ("plush", "memory foam", "polyester", "cotton"),
            styles=("Orthopedic", "Donut", "Bolster", "Cooling"),
            zh_styles=("护脊", "甜甜圈", "靠枕", "凉感"),
            variants=("for Dogs", "for Cats"),
            zh_variants=("狗窝", "猫窝"),
            sizes=("S", "M", "L", "XL"),
            adjectives=("Cozy", "Washable", "Calming", "Plush"),
            zh_adjectives=("保暖", "可拆洗", "安抚", "柔软"),
        ),
        Subcategory(
            "Leashes", "Dog Leash", "牵引绳", (8.0, 40.0), ("nylon", "leather", "cotton rope"),
            styles=("Retractable", "Reflective", "Hands-Free"),
            zh_styles=("伸缩", "反光", "腰挎式"),
            variants=("1.5 m", "5 m"),
            zh_variants=("1.5米", "5米"),
            adjectives=("Durable", "Adjustable", "Heavy-Duty", "Padded"),
            zh_adjectives=("耐用", "可调节", "加粗", "防勒"),
        ),
        Subcategory(
            "Cat Toys", "Cat Toy", "猫玩具", (4.0, 30.0), ("feather", "catnip", "plush", "sisal"),
            styles=("Wand", "Tunnel", "Puzzle", "Ball"),
            zh_styles=("逗猫棒", "隧道", "漏食", "球"),
            variants=("Set of 5", "Refill Pack"),
            zh_variants=("五件套", "替换装"),
            adjectives=("Interactive", "Durable", "Natural", "Playful"),
            zh_adjectives=("互动", "耐咬", "天然", "解闷"),
        ),
        Subcategory(
            "Cat Trees", "Cat Tree", "猫爬架", (39.0, 220.0), ("sisal", "plush", "wood"),
            styles=("Multi-Level", "Wall-Mounted", "Compact"),
            zh_styles=("多层", "壁挂", "小户型"),
            variants=("with Condo", "with Hammock"),
            zh_variants=("带猫窝", "带吊床"),
            sizes=("90 cm", "140 cm", "180 cm"),
            adjectives=("Sturdy", "Cozy", "Modern", "Space-Saving"),
            zh_adjectives=("稳固", "舒适", "简约", "省空间"),
        ),
    ),
    zh_extras=("猫狗通用", "新款", "宠物", "囤货"),
    leads=(
        "{Adj} {style_l} {noun_l} from {brand}, made with {material}.",
        "The {brand} {style_l} {noun_l} {is} made with {material} and built for daily use.",
    ),
    zh_leads=(
        "{brand}{style}{noun}（{material}），{adj}，毛孩子的日常好物。",
        "这款{brand}{noun}以{material}制成，{adj}，主人省心，宠物开心。",
    ),
)


OFFICE = Category(
    name="Office",
    zh="办公用品",
    weight=4,
    brands=(
        "Paperlark", "Deskwell", "Inkridge", "Ledgerline", "Foldwise", "Clipmarch", "Stationaire",
        "Quillworth", "Workfield", "Graphmoor",
    ),
    adjectives=("Ergonomic", "Durable", "Compact", "Premium", "Modern", "Adjustable"),
    zh_adjectives=("人体工学", "耐用", "简约", "加厚", "可调节", "大容量"),
    colors=("black", "white", "gray", "blue", "navy", "green", "pink", "red", "brown"),
    benefits=(
        "Keeps your workspace tidy and focused.", "Made for daily use at home or in the office.",
        "Clean design that fits any desk.", "Sturdy enough for years of work.",
        "Great for students and professionals.",
    ),
    zh_benefits=(
        "让桌面井井有条，工作更专注。", "居家办公、公司使用都合适。", "设计简洁，百搭各种书桌。",
        "结实耐用，用上好几年。", "学生党和上班族都适用。",
    ),
    subcategories=(
        Subcategory(
            "Notebooks", "Notebook", "笔记本", (4.0, 30.0), ("paper", "recycled paper", "leather"),
            styles=("Dotted", "Lined", "Grid", "Hardcover"),
            zh_styles=("点阵", "横线", "方格", "硬面"),
            variants=("3-Pack", "192 Pages"),
            zh_variants=("三本装", "192页"),
            sizes=("A5", "A4", "B5"),
            adjectives=("Premium", "Everyday", "Minimalist", "Recycled"),
            zh_adjectives=("加厚", "简约", "护眼纸", "学生"),
        ),
        Subcategory(
            "Pens", "Gel Pens", "中性笔", (3.0, 40.0), ("plastic", "metal", "brass"),
            styles=("Fine Point", "Retractable", "Quick-Dry"),
            zh_styles=("细头", "按动", "速干"),
            variants=("0.5 mm, 12-Pack", "0.7 mm, 6-Pack"),
            zh_variants=("0.5mm 12支装", "0.7mm 6支装"),
            plural=True,
            adjectives=("Smooth-Writing", "Refillable", "Everyday", "Premium"),
            zh_adjectives=("顺滑", "速干", "大容量", "考试"),
        ),
        Subcategory(
            "Office Chairs", "Office Chair", "办公椅", (79.0, 650.0), ("mesh", "leather", "fabric"),
            styles=("High-Back", "Task", "Executive", "Kneeling"),
            zh_styles=("高背", "电脑", "老板", "跪姿"),
            variants=("with Lumbar Support", "with Headrest", "with Footrest"),
            zh_variants=("带腰托", "带头枕", "带脚托"),
            colors=("black", "gray", "white", "blue", "brown"),
        ),
        Subcategory(
            "Desk Organizers", "Desk Organizer", "桌面收纳", (9.0, 60.0),
            ("bamboo", "metal", "plastic", "acrylic"),
            styles=("Drawer", "Mesh", "Rotating", "Monitor Stand"),
            zh_styles=("抽屉式", "网格", "旋转", "显示器增高架"),
            variants=("5 Compartments", "Set of 2"),
            zh_variants=("五格", "两件套"),
        ),
        Subcategory(
            "Standing Desks", "Standing Desk", "升降桌", (179.0, 900.0),
            ("steel", "wood", "bamboo"),
            styles=("Electric", "Dual-Motor", "Corner", "Desk Converter"),
            zh_styles=("电动", "双电机", "L型", "桌上型"),
            variants=("with Memory Presets", "with Drawer"),
            zh_variants=("记忆高度", "带抽屉"),
            sizes=("120 x 60 cm", "140 x 70 cm", "160 x 80 cm"),
            colors=("black", "white", "brown", "gray", "beige"),
        ),
        Subcategory(
            "Calculators", "Calculator", "计算器", (6.0, 40.0), ("plastic",),
            styles=("Scientific", "Desktop", "Solar", "Graphing"),
            zh_styles=("科学", "桌面", "太阳能", "图形"),
            variants=("12-Digit", "with Large Display"),
            zh_variants=("12位", "大屏"),
        ),
    ),
    zh_extras=("办公室", "学生", "新款", "居家办公"),
)


BABY = Category(
    name="Baby",
    zh="母婴",
    weight=4,
    brands=(
        "Little Sprout", "Cradlewood", "Tiny Tandem", "Peapod & Pine", "Lullaby Lane",
        "Babbleberry", "Nestling Co", "Bumblewren", "Dandelion Cub", "Mooncot",
    ),
    adjectives=("Soft", "Gentle", "Organic", "Lightweight", "Safe", "Breathable"),
    zh_adjectives=("柔软", "温和", "有机", "轻便", "安全", "透气"),
    colors=("white", "pink", "blue", "yellow", "green", "gray", "beige", "purple"),
    benefits=(
        "Tested for safety at every stage.", "Gentle on delicate skin.",
        "Easy to clean and quick to dry.", "Designed with parents for one-handed use.",
        "A thoughtful baby shower gift.",
    ),
    zh_benefits=(
        "每个环节都经过安全检测。", "温和不刺激，呵护宝宝娇嫩肌肤。", "好清洗，干得快。",
        "宝妈参与设计，单手就能操作。", "送满月、百天礼物都合适。",
    ),
    subcategories=(
        Subcategory(
            "Baby Clothing", "Bodysuit", "连体衣", (8.0, 40.0),
            ("organic cotton", "cotton", "bamboo fiber"),
            styles=("Long-Sleeve", "Short-Sleeve", "Footed", "Snap-Front"),
            zh_styles=("长袖", "短袖", "包脚", "开扣"),
            variants=("3-Pack", "5-Pack"),
            zh_variants=("三件装", "五件装", "哈衣"),
            sizes=("0-3M", "3-6M", "6-12M", "12-18M", "18-24M"),
        ),
        Subcategory(
            "Strollers", "Stroller", "婴儿推车", (99.0, 899.0), ("aluminum", "steel", "polyester"),
            styles=("Lightweight", "Jogging", "Travel System", "Double"),
            zh_styles=("轻便", "慢跑", "可坐可躺", "双人"),
            variants=("One-Hand Fold", "with Canopy"),
            zh_variants=("一键收车", "带遮阳篷"),
            colors=("black", "gray", "navy", "beige", "green"),
            adjectives=("Lightweight", "Compact", "Safe", "Premium"),
            zh_adjectives=("轻便", "可折叠", "安全", "高景观"),
        ),
        Subcategory(
            "Diapers", "Diapers", "纸尿裤", (12.0, 60.0), ("plant-based fiber", "cotton"),
            styles=("Overnight", "Sensitive", "Pull-Up"),
            zh_styles=("夜用", "敏感肌", "拉拉裤"),
            variants=("Jumbo Pack", "Monthly Box"),
            zh_variants=("大包装", "整箱"),
            sizes=("NB", "S", "M", "L", "XL"),
            colors=("white",),
            plural=True,
            patterns=EN_PLAIN_PATTERNS,
            zh_patterns=ZH_PLAIN_PATTERNS,
        ),
        Subcategory(
            "Baby Bottles", "Baby Bottle", "奶瓶", (8.0, 40.0), ("glass", "silicone", "PPSU"),
            styles=("Anti-Colic", "Wide-Neck", "Slow-Flow"),
            zh_styles=("防胀气", "宽口径", "慢流量"),
            variants=("3-Pack", "Newborn Set"),
            zh_variants=("三只装", "新生儿套装"),
            sizes=("150 ml", "240 ml", "300 ml"),
            adjectives=("BPA-Free", "Easy-Clean", "Gentle", "Drop-Proof"),
            zh_adjectives=("安全无毒", "易清洗", "仿母乳", "防摔"),
        ),
        Subcategory(
            "Car Seats", "Car Seat", "安全座椅", (79.0, 450.0), ("polyester", "steel"),
            styles=("Convertible", "Infant", "Booster", "Rotating"),
            zh_styles=("双向", "提篮式", "增高垫", "360度旋转"),
            variants=("with ISOFIX", "0-12 Years"),
            zh_variants=("ISOFIX接口", "0-12岁"),
            colors=("black", "gray", "navy", "beige", "red"),
            adjectives=("Safe", "Premium", "Cushioned", "Compact"),
            zh_adjectives=("安全", "高端", "舒适", "小巧"),
        ),
        Subcategory(
            "Baby Blankets", "Swaddle Blanket", "婴儿毯", (12.0, 60.0),
            ("muslin", "cotton", "fleece", "bamboo fiber"),
            styles=("Muslin", "Knit", "Quilted"),
            zh_styles=("纱布", "针织", "夹棉"),
            variants=("Set of 2", "120 x 120 cm"),
            zh_variants=("两条装", "四季通用"),
        ),
    ),
    zh_extras=("新生儿", "宝宝", "新款", "婴儿"),
)


HEALTH = Category(
    name="Health",
    zh="健康",
    weight=5,
    brands=(
        "Vitagrove", "Remedia", "Pulsewell", "Clearbridge Health", "Thrivemore", "Oakroot Naturals",
        "Medivale", "Solace Health", "Kindwell", "Brightleaf Wellness",
    ),
    adjectives=("Accurate", "Portable", "Rechargeable", "Quiet", "Advanced", "Compact"),
    zh_adjectives=("精准", "便携", "可充电", "静音", "智能", "小巧"),
    colors=("white", "blue", "green", "orange", "yellow", "gray", "black"),
    benefits=(
        "Made in a certified facility.", "Third-party tested for quality.",
        "Simple to use as part of a daily routine.", "Clear instructions included in the box.",
        "Trusted by families for everyday wellbeing.",
    ),
    zh_benefits=(
        "认证工厂生产，品质有保障。", "第三方检测，品质可靠。", "使用简单，轻松融入日常。",
        "盒内附详细使用说明。", "全家日常健康的好帮手。",
    ),
    subcategories=(
        Subcategory(
            "Vitamins", "Vitamins", "维生素", (6.0, 45.0),
            ("vitamin C", "vitamin D3", "multivitamin", "fish oil"),
            styles=("Gummy", "Softgel", "Chewable", "Capsule"),
            zh_styles=("软糖", "软胶囊", "咀嚼片", "胶囊"),
            variants=("60 Count", "120 Count", "for Adults"),
            zh_variants=("60粒", "120粒", "成人"),
            plural=True,
            adjectives=("Daily", "Extra-Strength", "Sugar-Free", "Vegan", "Natural"),
            zh_adjectives=("每日", "高含量", "无糖", "纯素", "天然"),
            patterns=EN_PLAIN_PATTERNS,
            zh_patterns=ZH_PLAIN_PATTERNS,
        ),
        Subcategory(
            "Protein Powder", "Protein Powder", "蛋白粉", (19.0, 80.0),
            ("whey", "pea protein", "soy protein"),
            styles=("Chocolate", "Vanilla", "Unflavored"),
            zh_styles=("巧克力味", "香草味", "原味"),
            variants=("30 Servings", "60 Servings"),
            zh_variants=("30份", "60份"),
            sizes=("1 kg", "2 kg"),
            adjectives=("Daily", "Sugar-Free", "Vegan", "Natural", "Lean"),
            zh_adjectives=("每日", "无糖", "纯素", "天然", "低脂"),
            patterns=EN_PLAIN_PATTERNS,
            zh_patterns=ZH_PLAIN_PATTERNS,
        ),
        Subcategory(
            "Blood Pressure Monitors", "Blood Pressure Monitor", "电子血压计", (25.0, 120.0),
            ("plastic",),
            styles=("Upper Arm", "Wrist", "Bluetooth"),
            zh_styles=("上臂式", "手腕式", "蓝牙"),
            variants=("with Large Cuff", "2-User Memory"),
            zh_variants=("大袖带", "双人记忆"),
            colors=("white", "gray", "black", "blue"),
        ),
        Subcategory(
            "Massage Guns", "Massage Gun", "筋膜枪", (39.0, 299.0), ("aluminum", "plastic"),
            styles=("Mini", "Deep Tissue", "Quiet"),
            zh_styles=("迷你", "深层", "静音"),
            variants=("with 6 Heads", "30 Speeds"),
            zh_variants=("六个按摩头", "30档"),
        ),
        Subcategory(
            "Thermometers", "Thermometer", "体温计", (8.0, 50.0), ("plastic",),
            styles=("Forehead", "Digital", "Ear"),
            zh_styles=("额温枪", "电子", "耳温"),
            variants=("1-Second Reading", "with Fever Alert"),
            zh_variants=("一秒测温", "发烧提醒"),
            colors=("white", "blue", "green", "gray"),
        ),
        Subcategory(
            "First Aid Kits", "First Aid Kit", "急救包", (12.0, 60.0), ("nylon", "plastic"),
            styles=("Travel", "Home", "Car"),
            zh_styles=("旅行", "家庭", "车载"),
            variants=("120 Pieces", "250 Pieces"),
            zh_variants=("120件", "250件"),
            colors=("red", "orange", "green", "black"),
            adjectives=("Compact", "Portable", "Complete", "Waterproof"),
            zh_adjectives=("小巧", "便携", "全面", "防水"),
        ),
    ),
    zh_extras=("家用", "成人", "新款", "官方正品"),
    leads=(
        "{Adj} {style_l} {noun_l} from {brand}, made with {material}.",
        "The {brand} {style_l} {noun_l} {is} made with {material} for everyday wellbeing.",
    ),
    zh_leads=(
        "{brand}{style}{noun}（{material}），{adj}，适合日常使用。",
        "这款{brand}{noun}以{material}为主，{adj}，全家可用。",
    ),
)

# fmt: on
CATEGORIES: tuple[Category, ...] = (
    APPAREL,
    SHOES,
    ELECTRONICS,
    HOME,
    KITCHEN,
    BEAUTY,
    GROCERY,
    TOYS,
    SPORTS,
    BOOKS,
    JEWELRY,
    GARDEN,
    AUTOMOTIVE,
    PET_SUPPLIES,
    OFFICE,
    BABY,
    HEALTH,
)
