"""The demo study's survey answers and PLANTED.md: hand-written answer pools, survey assembly.

Every open answer is a complete sentence (or two) written by hand below, sampled by persona and
signal; an answer sometimes joins two pool texts. There are no slot templates. Planted signals:

* Q4 (support CSAT) high while Q6 is about waiting in the queue, with polite praise for agents.
* Q3 (checkout CES) high; Q5 praises checkout and mentions shipping mostly positively/neutrally.
* Packaging complaints frequent in Q2 and anything_else; e-wallet wishes from busy parents.
* Nothing about the size guide anywhere (its words are in FORBIDDEN and checked by the tests).
"""
from __future__ import annotations

import csv
import io
import json
import math
import re

import numpy as np
import pandas as pd

from workbench.stats import wilson  # the same interval the reports use

# Words the size-guide touchpoint is found by (study.yml cues): the survey must never carry them.
FORBIDDEN = ("size guide", "size chart", "sizing chart", "measurement table")

POOLS: dict[str, list[str]] = {
    # Q2 "What is the main reason for your score?"
    "q2_promoter_bargain": [
        "Prices are really good especially during payday sale, and the vouchers actually work.",
        "Cheaper than the mall for the same quality. Got RM15 off with the new user voucher too!",
        "Good value for money la. I compared with Shopee and here still cheaper after voucher.",
        "Always got promo, my kakak also buy from here now",
        "the linen shirts are worth every ringgit, already bought 3 colours",
        "Affordable and the quality is better than I expected for the price.",
        "Love the flash deals. Bought the kurung for raya at almost half price.",
    ],
    "q2_promoter_busy": [
        "Fast delivery and I can order everything from my phone while the kids are asleep.",
        "Saves me so much time. Kids clothes, towels, all in one place, delivered in 2 days.",
        "Very convenient, no need to bring 2 kids to the mall anymore haha",
        "Reliable. Things arrive when they say they will arrive, which matters when you have school uniforms to prepare.",
        "Easy to reorder the same kids tee pack every few months.",
        "Quick delivery and good quality cotton for my children, they have sensitive skin.",
    ],
    "q2_promoter_loyal": [
        "I've been buying here for 2 years, member prices and points make it worth it.",
        "Consistent quality, I know exactly what I'm getting every time.",
        "The points add up fast and I redeem them every couple of months.",
        "My favourite shop online. Good products, good service, good rewards.",
        "Never had a bad order so far, that's why 10.",
        "They remember my address and my usual sizes in the account, makes it very fast to reorder.",
    ],
    "q2_passive": [
        "Overall ok, nothing special but nothing bad also.",
        "Products are nice but not much different from other shops.",
        "Decent. Would be a 9 if they had more colours for the men's shirts.",
        "Good but sometimes the item I want is out of stock.",
        "Prices ok, delivery ok, everything ok.",
        "Quality is fine for the price. Some items a bit thin.",
        "Not bad. The app is a bit slow on my old phone.",
        "Happy with the order, just wish there were more promos for existing customers.",
        "Satisfied, but I've seen the same bedsheet cheaper elsewhere.",
        "It's fine. Took a while to find what I wanted in the categories.",
    ],
    "q2_detractor": [
        "The colour of the dress looks quite different from the photo, more orange than pink.",
        "Fabric started pilling after two washes. Disappointed.",
        "My parcel took a week to reach Kuching, longer than they said.",
        "Prices went up compared to last year and the promos are less.",
        "Ordered two items, one came with a loose button. Not happy.",
        "The app logged me out halfway and I had to do everything again.",
        "Quality not consistent, some shirts good some not.",
        "Too many marketing emails, I unsubscribed twice already.",
    ],
    "q2_packaging": [
        "Everything good except the packaging. So much plastic for one shirt!",
        "Why wrap a t-shirt in bubble wrap, then plastic, then a huge box? So wasteful.",
        "The box was massive for two pairs of socks. Please use smaller boxes.",
        "Too much plastic packaging, I feel bad throwing it all away every time.",
        "Love the clothes but the packaging is excessive, bubble wrap everywhere.",
        "Pls reduce the plastic. Each item individually wrapped in plastic then again in a plastic bag.",
        "packaging terrible for the environment. box 3x bigger than the item, full of air pillows",
        "Items fine, but the amount of plastic filler in the box is crazy.",
        "Can you guys use paper instead of bubble wrap? My whole recycling bin is your packaging.",
        "Good products, bad packaging. Huge boxes and plastic everywhere, not eco friendly at all.",
        "My kids love popping the bubble wrap but honestly it's too much plastic la.",
        "Received a big box, opened it, inside another plastic bag, inside that another plastic. Why??",
        "Packaging is overkill. A mug came with more bubble wrap than mug.",
        "Would give 10 if not for the wasteful packaging.",
        "The oversized boxes are annoying, where am I supposed to keep all these boxes in my condo.",
        "Please switch to recycled paper packaging, the plastic is too much.",
        "the plastic packaging is too much, other shops already use paper bags",
    ],
    "q2_short": [
        "Good", "ok la", "Fast delivery", "Nice!", "Satisfied", "worth it", "gd service", "Cheap and good",
        "Convenient", "Happy", "No complaints", "Reliable",
    ],
    # Q5 "Anything you would like to tell us about checkout?"
    "q5_positive": [
        "Checkout was easy, took less than a minute.",
        "Smooth checkout, my address and card were saved so just a few taps.",
        "Very straightforward, no unnecessary steps.",
        "Easy and fast, better than most local sites.",
        "No problem at all with checkout.",
        "Quick and simple. The order summary is clear.",
        "I like that it doesn't force me to create an account again.",
        "Checkout was seamless on the app.",
        "Super easy, done while waiting for my teh tarik.",
        "smooth, no issues",
        "Clear steps, I always know where I am in the process.",
        "It was fine, the promo code box was easy to find.",
        "Fast. Love that it remembers my last address.",
        "Easy to check out, even my mum can do it.",
        "Nothing to complain, checkout works well.",
    ],
    "q5_shipping": [
        "Used the free shipping voucher, so checkout total was exactly what I expected.",
        "Free shipping above RM60 is fair, I just add one more item to hit it.",
        "Shipping fee is reasonable for East Malaysia, cheaper than some other shops.",
        "The delivery fee was shown clearly before I paid, no surprises.",
        "Got free shipping with my member voucher, very nice.",
        "Shipping RM8 is ok la, delivery is fast anyway.",
        "Like that the free shipping threshold is shown in the cart.",
        "Postage was free this time because of the payday promo. Great!",
        "Shipping fee is fair. Checkout was quick.",
        "Added a pair of socks to get free shipping, easy.",
        "Delivery fee ok, standard for online shopping.",
        "The free shipping voucher applied automatically, didn't even need to key in the code.",
    ],
    "q5_ewallet": [
        "Please add Touch 'n Go eWallet, I don't like keying in my card number on the phone.",
        "No e-wallet option? Most shops already accept GrabPay.",
        "Wish I could pay with TnG eWallet, had to dig out my credit card.",
        "Can add FPX online banking? My bank card is not enabled for online.",
        "Only cards accepted, quite troublesome when I'm shopping one-handed with baby.",
        "pls add grabpay or boost, easier for mums like me",
        "Checkout ok but need more payment options, e-wallet especially.",
        "I almost gave up because there's no Touch n Go, finally used my husband's card.",
        "Add ShopeePay or TnG pls. Typing 16 digits on a phone at midnight is not fun.",
        "The only thing missing is e-wallet payment.",
    ],
    "q5_minor": [
        "The OTP from the bank took long to arrive but otherwise fine.",
        "Address form doesn't have a field for the unit number, I put it in line 2.",
        "Promo code box a bit hidden, took me a while to find it.",
        "Page loaded slowly on my data plan but it went through.",
        "Would be nice if I could choose the delivery date.",
        "The postcode dropdown is a bit annoying on mobile.",
    ],
    # Q6 "Tell us about your experience with our support team."
    "q6_wait_praise": [
        "Waited almost 40 minutes in the chat queue, but the agent was very kind and sorted everything.",
        "Long wait, around half an hour, but Nadia who helped me was polite and patient.",
        "The queue was very long but once connected the agent solved my issue quickly. 5 stars for her.",
        "On hold for 35 min lol. Agent was lovely though, apologised many times.",
        "Took forever to get a reply, like 45 minutes. The staff was friendly and helpful after that.",
        "I was number 23 in the queue! But the agent was great, refund done same day.",
        "Waiting time too long, 30+ minutes. Agent was helpful and kind, not her fault.",
        "Chat queue was slow, almost an hour, but the person I spoke to was very professional.",
        "Kept waiting and waiting in the live chat. When someone answered she was really nice.",
        "Slow reply, I had to leave the chat open while cooking. Agent friendly and fixed it.",
        "The wait was ridiculous (50 min) but Farid was super helpful, so I gave good rating.",
        "Spent my whole lunch break on hold. Lady on the chat was sweet and solved it.",
        "Queue took about 40 mins before someone answered. Helpful agent once connected.",
        "long queue la, but the customer service girl very patient with my questions",
        "Support is nice but the waiting time is really long, need more staff maybe.",
        "Waited 30 minutes just to start the chat. After that, quick and polite service.",
        "Agent very helpful, but why so long to get connected? Almost 40 min.",
        "It took ages before anyone replied, but they were apologetic and gave me a voucher.",
    ],
    "q6_wait": [
        "On hold forever. 50 minutes for a simple question about my parcel.",
        "The wait time for live chat is unacceptable.",
        "Waited an hour, gave up, then tried again the next day and waited another 40 min.",
        "Slow. Very slow. The queue never moves.",
        "Chat said 5 minutes wait, reality was 45.",
        "Too long in the queue, my phone went to sleep and I lost my place.",
    ],
    "q6_praise": [
        "Agent was helpful and polite.",
        "Quick reply and my refund was processed the same day.",
        "Very good service, thank you Aina!",
        "Friendly staff, solved my problem.",
        "Helpful",
    ],
    # site_exit what_stopped_you (about purchase)
    "stop_browsing": [
        "Just browsing", "Nothing, just looking around", "window shopping only hehe",
        "Just checking what's new this week.", "Only wanted to see the new collection.",
        "Was bored, scrolling only", "Looking for ideas for my sister's birthday, not buying yet.",
        "just browsing la",
    ],
    "stop_compare": [
        "Comparing prices with Shopee and Lazada first.",
        "Waiting for the 9.9 sale.", "Will come back when there is a voucher.",
        "Checking if the same item is cheaper elsewhere.", "Waiting for payday promo.",
        "I always compare a few shops before buying, nothing wrong with this one.",
        "Saving it in my wishlist until got discount.",
        "Want to see if there's a bundle deal later.",
    ],
    "stop_soft_shipping": [
        "The total at the end was a bit more than I thought, will think about it first.",
        "Hmm final amount slightly higher than I expected, maybe next time.",
    ],
    "stop_ewallet": [
        "No Touch 'n Go eWallet option.", "Can't pay with GrabPay.",
        "No FPX for my bank, and I don't use credit card online.",
        "I only use e-wallet for online shopping, so I couldn't pay.",
        "Wanted to pay with TnG but not available, will buy somewhere else.",
        "Payment options too limited. Only credit/debit card?",
        "don't have credit card, pls add ewallet",
        "Husband has the card, I only have e-wallet.",
        "No e-wallet, no online banking. Gave up.",
    ],
    "stop_other": [
        "The colour I wanted is out of stock.", "Kids woke up lol, will continue later.",
        "Payday not yet, will come back end of month.", "Need to ask my husband first.",
        "Couldn't decide between the two colours.", "Ran out of time, had to fetch my son from school.",
        "Not sure about the fabric, thinking first.", "My internet connection dropped.",
        "Wanted it by Friday but not sure it will arrive in time.", "Changed my mind, not urgent.",
    ],
    "stop_bought": [
        "Nothing, I bought already!", "Nothing stopped me, checked out already.", "nothing", "N/A, ordered",
        "Nothing, very smooth.",
    ],
    # site_exit anything_else (overall)
    "else_packaging": [
        "Please cut down on the plastic packaging.",
        "Boxes are always way too big for what's inside.",
        "Too much bubble wrap. Think about the environment pls.",
        "Packaging waste is my only complaint.",
        "Use less plastic please, my bin is full of your bubble wrap.",
        "Everything nice except the huge boxes, so wasteful.",
        "Could you offer an eco packaging option? I'd pay a bit more.",
        "Packaging overdone, one plastic layer is enough.",
        "Stop putting every item in a separate plastic bag.",
    ],
    "else_positive": [
        "Love the new collection!", "Keep up the good work.", "The product photos are very clear and helpful.",
        "Product descriptions are detailed, I like knowing the fabric.", "Nice app, easy to use.",
        "Thank you, always happy with my orders.", "Delivery is always fast, well done.",
        "Tracking updates are very clear.", "Returns were easy when I needed one.",
        "The reviews with customer photos help a lot.", "Points system is great.",
        "Good job team!",
    ],
    "else_other": [
        "More plus size options please.", "Please bring back the green linen shirt.",
        "Dark mode for the app would be nice.", "More baju raya colours next year please.",
        "Can you open a physical store in Penang?", "Would like more kids school items.",
        "Send fewer emails please.", "Hope to see more local designers.",
    ],
}

# Planted personal data (for redaction tests later): where each piece goes and its exact text.
PII_TEXTS = [
    ("email", "q2", "Good stuff overall. If got any issue with my order pls email me at mei.tan88@example.com",
     "mei.tan88@example.com"),
    ("email", "else", "Please send me the new catalogue, my email is hafizah.r@example.net", "hafizah.r@example.net"),
    ("email", "q6", "Waited 40 min, agent nice. Please send the refund confirmation to k.ravi77@example.org",
     "k.ravi77@example.org"),
    ("phone", "q6", "Chat kept dropping after waiting 35 min. Pls call me back at +60 12-418 7730 if still need info.",
     "+60 12-418 7730"),
    ("phone", "stop", "Want to ask about a bulk order for my kindergarten, call 03-7865 2291 (office hours).",
     "03-7865 2291"),
    ("phone", "else", "Whatsapp me at 011-2345 6781 when the green one restock ya", "011-2345 6781"),
    ("card", "q6", "Charged twice on my card 4012 8888 8888 1881, waited almost an hour in the queue, agent was nice "
     "and refunded it.", "4012 8888 8888 1881"),
    ("mykad", "q6", "The agent asked for my IC to verify, 880514-14-5523, hope that is safe la. Waited 40 min also.",
     "880514-14-5523"),
    ("address", "q5", "Address form kept rejecting my address: No. 12, Jalan SS 2/24, 47300 Petaling Jaya, Selangor. "
     "Had to type it without commas.", "No. 12, Jalan SS 2/24, 47300 Petaling Jaya, Selangor"),
    ("address", "else", "My parcel went to my old place at 23-1, Jalan Bukit Bintang, 55100 Kuala Lumpur, pls update "
     "the default address ya", "23-1, Jalan Bukit Bintang, 55100 Kuala Lumpur"),
]

# The interview participants who answered the post-purchase survey (participants.csv
# respondent_id): answers written to match their roster story.
ROSTER_ANSWERS = {
    "P03": dict(Q1=8, Q3=7, Q2="Prices ok and checkout smooth, but the plastic!! Every order comes in layers of bubble "
                "wrap and I feel guilty throwing it away.", Q5="Smooth, my voucher worked no problem."),
    "P05": dict(Q1=10, Q3=7, Q4=5, Q2="Vouchers plus loyalty points, I always get a good deal here.",
                Q5="Easy, the voucher applied automatically.",
                Q6="I waited about 40 minutes in the chat queue, quite long, but the agent was super kind and patient "
                   "so I gave full marks."),
    "P08": dict(Q1=7, Q3=6, Q2="Delivery was fast, next day already sampai. But packaging so wasteful, huge box for "
                "one shirt and socks.", Q5="Had to add socks to reach RM60 for free shipping, no big deal."),
    "P10": dict(Q1=8, Q3=5, Q4=5, Q2="Good products, delivery ok.",
                Q5="Checkout fine but pls add GrabPay or any e-wallet, I don't like using my credit card online.",
                Q6="On hold around 30 mins to ask about my delivery. The girl who finally answered was really "
                   "helpful though, so 5 stars for her."),
    "P11": dict(Q1=7, Q3=7, Q2="Delivery super fast and tracking was clear. But the box was three times the size of "
                "the shirt, so much plastic filler.", Q5="quick"),
    "P13": dict(Q1=8, Q3=6, Q4=5, Q2="Parcel came late but support fixed it in the end.",
                Q6="Stuck in the queue forever, like 45 minutes, just to ask where my parcel was. Once I got through "
                   "the agent settled it quickly and was very apologetic."),
    "P16": dict(Q1=9, Q3=7, Q2="Easy return when they sent the wrong colour, and my points keep adding up.",
                Q5="no issues"),
    "P17": dict(Q1=9, Q3=7, Q4=5, Q2="I order almost every month, member prices and points are worth it.",
                Q5="Smooth as always.",
                Q6="Always 30, 40 minutes before someone answers the chat. But the agents are lovely and never rush "
                   "me, so still 5."),
    "P18": dict(Q1=6, Q3=6, Q2="Clothes good and delivery fast, but why so much plastic? Huge boxes, bubble wrap for a "
                "t-shirt. Please do better for the environment."),
    "P19": dict(Q1=7, Q3=6, Q4=4, Q2="Still my go-to shop, but the double charge episode was stressful.",
                Q5="Checkout itself is fine.",
                Q6="Got charged twice and had to chat three times, each time on hold forever before anyone replied. "
                   "Refund did come and the agents were polite, but the waiting is terrible."),
    "P20": dict(Q1=10, Q3=7, Q2="Love collecting points, and I always leave a review when the email comes, extra "
                "points also.", Q5="Fast"),
    "P21": dict(Q1=8, Q3=7, Q2="Delivery good and I like leaving reviews, but the packaging is wasteful, too much "
                "plastic."),
    "P23": dict(Q1=10, Q3=7, Q2="Fast delivery, easy to leave reviews, points add up nicely. Happy customer!",
                Q5="Easy peasy"),
}

# Score distributions (invented for the demo; chosen so the planted "scores high" holds).
NPS_WEIGHTS = {10: .22, 9: .23, 8: .20, 7: .12, 6: .08, 5: .06, 4: .03, 3: .02, 2: .02, 1: .01, 0: .01}
CES_WEIGHTS = {7: .45, 6: .30, 5: .13, 4: .06, 3: .03, 2: .02, 1: .01}  # checkout "was easy", 7 = easiest
CSAT_WEIGHTS = {5: .60, 4: .26, 3: .08, 2: .04, 1: .02}  # support CSAT: mean ~4.4, ~86% satisfied
EASE_WEIGHTS = {7: .30, 6: .30, 5: .20, 4: .10, 3: .05, 2: .03, 1: .02}  # site exit "easy to find"
DELIVERY_CSAT_WEIGHTS = {5: .55, 4: .30, 3: .10, 2: .03, 1: .02}
N_POST_PURCHASE = 480  # ~480 respondents (the brief)
N_SITE_EXIT = (170, 90)  # (non-buyers, buyers): ~260 respondents
CITY_LATLON = {
    "Kuala Lumpur": (3.139, 101.687), "Petaling Jaya": (3.107, 101.607), "Shah Alam": (3.073, 101.518),
    "Subang Jaya": (3.050, 101.581), "Klang": (3.045, 101.445), "Johor Bahru": (1.492, 103.741),
    "George Town": (5.414, 100.329), "Ipoh": (4.597, 101.090), "Kota Kinabalu": (5.980, 116.073),
    "Kuching": (1.553, 110.359), "Seremban": (2.726, 101.938), "Melaka": (2.189, 102.250),
    "Kuantan": (3.807, 103.326), "Alor Setar": (6.121, 100.367), "Kajang": (2.993, 101.787),
    "Cyberjaya": (2.922, 101.650), "Putrajaya": (2.926, 101.696), "Kota Bharu": (6.125, 102.238),
    "Kuala Terengganu": (5.330, 103.137),
}
QUALTRICS_COLUMNS = [
    ("StartDate", "Start Date", {"ImportId": "startDate", "timezone": "Asia/Kuala_Lumpur"}),
    ("EndDate", "End Date", {"ImportId": "endDate", "timezone": "Asia/Kuala_Lumpur"}),
    ("Status", "Response Type", {"ImportId": "status"}),
    ("IPAddress", "IP Address", {"ImportId": "ipAddress"}),
    ("Progress", "Progress", {"ImportId": "progress"}),
    ("Duration (in seconds)", "Duration (in seconds)", {"ImportId": "duration"}),
    ("Finished", "Finished", {"ImportId": "finished"}),
    ("RecordedDate", "Recorded Date", {"ImportId": "recordedDate", "timezone": "Asia/Kuala_Lumpur"}),
    ("ResponseId", "Response ID", {"ImportId": "_recordId"}),
    ("LocationLatitude", "Location Latitude", {"ImportId": "locationLatitude"}),
    ("LocationLongitude", "Location Longitude", {"ImportId": "locationLongitude"}),
    ("DistributionChannel", "Distribution Channel", {"ImportId": "distributionChannel"}),
    ("UserLanguage", "User Language", {"ImportId": "userLanguage"}),
    ("Q1", "How likely are you to recommend Lumi & Co. to a friend or family member?", {"ImportId": "QID1"}),
    ("Q2", "What is the main reason for your score?", {"ImportId": "QID2_TEXT"}),
    ("Q3", "How much do you agree with this statement? - Checkout was easy", {"ImportId": "QID3"}),
    ("Q4", "How satisfied were you with our customer support?", {"ImportId": "QID4"}),
    ("Q5", "Is there anything you would like to tell us about checkout?", {"ImportId": "QID5_TEXT"}),
    ("Q6", "Please tell us about your experience with our support team.", {"ImportId": "QID6_TEXT"}),
    ("user_id", "user_id", {"ImportId": "user_id"}),
]
EWALLET = re.compile(r"e-?wallet|grabpay|touch ?'?n'? ?go|\btng\b|\bfpx\b|\bboost\b|shopeepay|online banking", re.I)
PACKAGING = re.compile(r"packag|plastic|bubble wrap|\bboxe?s?\b", re.I)
SHIPPING = re.compile(r"shipping|delivery fee|postage", re.I)
WAITING = re.compile(r"wait|queue|on hold|forever|ages|slow|long|\d+ ?min|an hour|number \d+", re.I)
PRAISE = re.compile(r"kind|helpful|polite|nice|lovely|friendly|patient|great|sweet|professional|apolog|good", re.I)
SIZE_GUIDE = re.compile("|".join(FORBIDDEN), re.I)
WINDOW_START = pd.Timestamp("2026-07-01 00:00:00")
WINDOW_END = pd.Timestamp("2026-10-01 00:00:00")


def pool_size() -> int:
    """Distinct hand-written answer texts (pools, roster answers, planted personal data)."""
    texts = {t for pool in POOLS.values() for t in pool}
    texts |= {v for a in ROSTER_ANSWERS.values() for v in a.values() if isinstance(v, str)}
    texts |= {t for _, _, t, _ in PII_TEXTS}
    return len(texts)


class _Writer:
    """Draws answers from the pools with one numpy Generator; logs which pools each came from."""

    def __init__(self, rng: np.random.Generator):
        self.rng = rng

    def u(self) -> float:
        return float(self.rng.random())

    def weighted(self, weights: dict):
        keys = list(weights)
        p = np.array(list(weights.values()), dtype=float)
        return keys[int(self.rng.choice(len(keys), p=p / p.sum()))]

    def text(self, pool_weights: dict[str, float], join: float = 0.0, join_pools: dict | None = None):
        pool = self.weighted(pool_weights)
        first = POOLS[pool][int(self.rng.integers(len(POOLS[pool])))]
        tags = [pool]
        if join and self.u() < join:
            other = self.weighted(join_pools or pool_weights)
            second = POOLS[other][int(self.rng.integers(len(POOLS[other])))]
            if second != first:
                first = f"{first} {second}" if first.rstrip()[-1:] in ".!?" else f"{first}. {second}"
                tags.append(other)
        return first, tags


def _persona_key(persona: str) -> str:
    return {"bargain-hunter": "bargain", "busy-parent": "busy", "loyal-regular": "loyal"}[persona]


def _q2(w: _Writer, nps: int, persona: str):
    if w.u() < 0.12:
        return "", []
    if nps >= 9:
        return w.text({f"q2_promoter_{_persona_key(persona)}": .85, "q2_short": .15}, join=.14,
                      join_pools={"q2_packaging": 1})
    if nps >= 7:
        return w.text({"q2_packaging": .40, "q2_passive": .45, "q2_short": .15}, join=.08,
                      join_pools={"q2_packaging": .5, "q2_passive": .5})
    return w.text({"q2_packaging": .40, "q2_detractor": .60}, join=.10, join_pools={"q2_packaging": 1})


def _q5(w: _Writer, persona: str):
    if w.u() < 0.45:
        return "", []
    if persona == "busy-parent":
        return w.text({"q5_ewallet": .35, "q5_positive": .35, "q5_shipping": .20, "q5_minor": .10}, join=.10,
                      join_pools={"q5_positive": 1})
    return w.text({"q5_positive": .50, "q5_shipping": .35, "q5_minor": .15}, join=.10,
                  join_pools={"q5_shipping": .6, "q5_positive": .4})


def _q6(w: _Writer, csat):
    if w.u() < 0.25:
        return "", []
    if csat is not None and csat <= 2:
        return w.text({"q6_wait": 1})
    return w.text({"q6_wait_praise": .70, "q6_wait": .15, "q6_praise": .15})


def _fmt(ts: pd.Timestamp) -> str:
    return ts.strftime("%Y-%m-%d %H:%M:%S")


def _response_id(rng: np.random.Generator, taken: set) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    while True:
        rid = "R_" + "".join(alphabet[i] for i in rng.integers(0, len(alphabet), 15))
        if rid not in taken:
            taken.add(rid)
            return rid


def _ticket_times(ops: dict) -> dict[str, list[pd.Timestamp]]:
    t = ops["support_tickets"]
    local = pd.to_datetime(t["created_at"].str.replace("+08:00", "", regex=False).str.replace("T", " "))
    out: dict[str, list[pd.Timestamp]] = {}
    for uid, ts in zip(t["user_id"], local):
        out.setdefault(uid, []).append(ts)
    return out


def make_surveys(rng: np.random.Generator, users: pd.DataFrame, beh: dict, ops: dict, participants_path,
                 event_tp: dict[str, str]) -> dict:
    """post_purchase.csv (Qualtrics export, as bytes) and site_exit.csv; plus the planted-PII list."""
    w = _Writer(rng)
    seg = dict(zip(users["user_id"], users["segment"]))
    city = dict(zip(users["user_id"], users["city"]))
    parts = pd.read_csv(participants_path, dtype=str, keep_default_na=False)
    roster = {r.user_id: (r.participant_id, r.respondent_id) for r in parts.itertuples() if r.respondent_id}
    interviewed = set(parts["user_id"])  # never sampled at random: their answers are scripted or absent
    tickets = _ticket_times(ops)
    day = pd.Timedelta(days=1)
    window_orders: dict[str, list[dict]] = {}
    for o in beh["orders"]:
        if o["placed"] >= 0:
            window_orders.setdefault(o["user_id"], []).append(o)
    last_ok = (WINDOW_END - WINDOW_START).total_seconds() - 3 * 86400

    def delivered(o):
        return WINDOW_START + pd.Timedelta(seconds=int(o["delivered"]))

    eligible = sorted(u for u, os in window_orders.items() if any(o["delivered"] < last_ok for o in os)
                      and u not in interviewed)
    chosen = sorted(rng.choice(eligible, size=min(len(eligible), N_POST_PURCHASE - len(roster)), replace=False))
    taken = set(rid for _, rid in roster.values())
    rows, log = [], []
    for uid in sorted(set(chosen) | set(roster)):
        orders = [o for o in window_orders.get(uid, []) if o["delivered"] < last_ok]
        if not orders:
            continue
        o = orders[0] if uid in roster else orders[int(rng.integers(len(orders)))]
        end = delivered(o) + pd.Timedelta(seconds=int(rng.uniform(0.3, 5) * 86400))
        if uid in roster:
            pid, rid = roster[uid]
            tix = tickets.get(uid, [])
            if tix:
                end = max(end, max(tix) + day)
            fixed = ROSTER_ANSWERS[pid]
        else:
            rid, fixed = _response_id(rng, taken), None
        end = min(end, WINDOW_END - pd.Timedelta(hours=2))
        persona = seg[uid]
        has_ticket = any(t < end for t in tickets.get(uid, []))
        if fixed:
            q = {k: fixed.get(k, "") for k in ("Q1", "Q2", "Q3", "Q4", "Q5", "Q6")}
            tags = {k: ["roster"] for k in ("Q2", "Q5", "Q6") if fixed.get(k)}
        else:
            nps, ces = w.weighted(NPS_WEIGHTS), w.weighted(CES_WEIGHTS)
            csat = w.weighted(CSAT_WEIGHTS) if has_ticket and w.u() < 0.92 else None
            (q2, t2), (q5, t5) = _q2(w, nps, persona), _q5(w, persona)
            q6, t6 = _q6(w, csat) if has_ticket else ("", [])
            q = dict(Q1=nps, Q2=q2, Q3=ces, Q4="" if csat is None else csat, Q5=q5, Q6=q6)
            tags = {"Q2": t2, "Q5": t5, "Q6": t6}
        duration = int(max(35, rng.lognormal(math.log(150), 0.6)))
        lat, lon = CITY_LATLON[city[uid]]
        ip_net = ["203.0.113", "198.51.100", "192.0.2"][int(rng.integers(3))]  # documentation ranges
        rows.append({"StartDate": _fmt(end - pd.Timedelta(seconds=duration)), "EndDate": _fmt(end),
                     "Status": "IP Address", "IPAddress": f"{ip_net}.{int(rng.integers(1, 255))}", "Progress": 100,
                     "Duration (in seconds)": duration, "Finished": "True",
                     "RecordedDate": _fmt(end + pd.Timedelta(seconds=int(rng.integers(0, 3)))), "ResponseId": rid,
                     "LocationLatitude": f"{lat + rng.uniform(-.04, .04):.4f}",
                     "LocationLongitude": f"{lon + rng.uniform(-.04, .04):.4f}", "DistributionChannel": "email",
                     "UserLanguage": "EN", **q, "user_id": uid})
        for col, tg in tags.items():
            if q[col]:
                log.append(dict(file="surveys/post_purchase.csv", respondent=rid, column=col, pools=tg,
                                persona=persona, user_id=uid))
    post = pd.DataFrame(rows).sort_values("EndDate", kind="stable").reset_index(drop=True)
    site = _site_exit(w, rng, beh, ops, seg, event_tp, log, interviewed)
    pii = _plant_pii(rng, post, site, set(r for _, r in roster.values()), log)
    return {"post_purchase": post, "post_purchase_bytes": qualtrics_bytes(post), "site_exit": site,
            "pii": pii, "log": log}


def qualtrics_bytes(df: pd.DataFrame) -> bytes:
    """A Qualtrics-style CSV: column ids, question texts, ImportId JSON, then one row per response."""
    buf = io.StringIO()
    wr = csv.writer(buf, lineterminator="\n")
    wr.writerow([c for c, _, _ in QUALTRICS_COLUMNS])
    wr.writerow([t for _, t, _ in QUALTRICS_COLUMNS])
    wr.writerow([json.dumps(j, separators=(",", ":")) for _, _, j in QUALTRICS_COLUMNS])
    for row in df[[c for c, _, _ in QUALTRICS_COLUMNS]].itertuples(index=False):
        wr.writerow(["" if v is None else v for v in row])
    return buf.getvalue().encode("utf-8")


def _site_exit(w: _Writer, rng, beh: dict, ops: dict, seg: dict, event_tp: dict, log: list,
               interviewed: set) -> pd.DataFrame:
    """site_exit.csv: an exit-intent survey shown at the end of a visit, buyers and non-buyers."""
    ev = beh["events"]
    tp_ev = ev[ev["event_name"].isin(list(event_tp))]
    last = tp_ev.groupby("user_id", sort=True).tail(1).set_index("user_id")
    buyers = set(ev.loc[ev["event_name"] == "order_placed", "user_id"])
    last_seen = ev.groupby("user_id", sort=True)["ts"].max()
    deliveries = ops["deliveries"]
    delivered = pd.to_datetime(deliveries["delivered_at"].str.slice(0, 19).str.replace("T", " "))
    first_delivery = pd.Series(delivered.values, index=deliveries["user_id"]).groupby(level=0).min()
    non_buyers = sorted(u for u in last.index if u not in buyers and u not in interviewed
                        and event_tp[last.at[u, "event_name"]]
                        not in ("delivery", "packaging", "support-chat", "returns", "review-request", "loyalty-points"))
    buyer_ids = sorted(buyers - interviewed)
    pick_n = sorted(rng.choice(non_buyers, size=min(N_SITE_EXIT[0], len(non_buyers)), replace=False))
    pick_b = sorted(rng.choice(buyer_ids, size=min(N_SITE_EXIT[1], len(buyer_ids)), replace=False))
    soft = list(POOLS["stop_soft_shipping"])  # at most these two soft hints about the total, ever
    rows = []
    ids = set()
    for uid in sorted(pick_n + pick_b):
        persona, bought = seg[uid], uid in buyers
        when = (last.at[uid, "ts"] if not bought else last_seen[uid]) + pd.Timedelta(seconds=int(rng.integers(8, 90)))
        last_tp = event_tp[last.at[uid, "event_name"]]
        got = first_delivery.get(uid)
        dcsat = w.weighted(DELIVERY_CSAT_WEIGHTS) if got is not None and got < when else ""
        if bought:
            stop, st = w.text({"stop_bought": 1}) if w.u() < 0.6 else ("", [])
        elif persona == "bargain-hunter" and last_tp == "shipping-cost" and soft and w.u() < 0.08:
            stop, st = soft.pop(0), ["stop_soft_shipping"]
        elif w.u() < 0.15:
            stop, st = "", []
        elif persona == "busy-parent":
            ew = 0.75 if last_tp == "payment" else 0.25
            stop, st = w.text({"stop_ewallet": ew, "stop_other": (1 - ew) * .55, "stop_browsing": (1 - ew) * .45})
        elif persona == "bargain-hunter":
            stop, st = w.text({"stop_compare": .45, "stop_browsing": .35, "stop_other": .20})
        else:
            stop, st = w.text({"stop_browsing": .45, "stop_other": .40, "stop_compare": .15})
        if w.u() < 0.5:
            other, ot = "", []
        else:
            pk = 0.40 if bought else 0.22
            other, ot = w.text({"else_packaging": pk, "else_positive": (1 - pk) * .65, "else_other": (1 - pk) * .35})
        while True:
            rid = "".join("0123456789abcdef"[i] for i in rng.integers(0, 16, 10))
            if rid not in ids:
                ids.add(rid)
                break
        rows.append({"response_id": rid, "submitted_at": when.strftime("%Y-%m-%dT%H:%M:%S") + "+08:00",
                     "user_id": uid, "ease": w.weighted(EASE_WEIGHTS), "delivery_csat": dcsat,
                     "what_stopped_you": stop, "anything_else": other})
        for col, txt, tg in (("what_stopped_you", stop, st), ("anything_else", other, ot)):
            if txt:
                log.append(dict(file="surveys/site_exit.csv", respondent=rid, column=col, pools=tg, persona=persona,
                                user_id=uid))
    return pd.DataFrame(rows).sort_values("submitted_at", kind="stable").reset_index(drop=True)


def _plant_pii(rng, post: pd.DataFrame, site: pd.DataFrame, roster_ids: set, log: list) -> list[dict]:
    """Put each planted personal-data answer into one respondent's answer; return the exact list."""
    where = {"q2": (post, "Q2", "ResponseId"), "q5": (post, "Q5", "ResponseId"), "q6": (post, "Q6", "ResponseId"),
             "else": (site, "anything_else", "response_id"), "stop": (site, "what_stopped_you", "response_id")}
    used: set = set()
    out = []
    for kind, slot, text_, value in PII_TEXTS:
        df, col, key = where[slot]
        ok = df.index[(df[col].astype(str) != "") & ~df[key].isin(roster_ids | used)]
        if slot == "stop":
            ok = [i for i in ok if not str(df.at[i, "what_stopped_you"]).startswith("Nothing")]
        if len(ok) == 0:  # only in tiny test populations: nobody answered that question
            continue
        i = ok[int(rng.integers(len(ok)))]
        df.at[i, col] = text_
        used.add(df.at[i, key])
        file = "surveys/post_purchase.csv" if df is post else "surveys/site_exit.csv"
        for entry in log:
            if entry["respondent"] == df.at[i, key] and entry["column"] == col:
                entry["pools"] = ["pii"]
        out.append(dict(kind=kind, file=file, respondent=df.at[i, key], column=col, value=value))
    return out


# ---------------------------------------------------------------------------------------------
# Figures for PLANTED.md (computed from the written tables) and their rendering
# ---------------------------------------------------------------------------------------------

def _rate(k: int, n: int) -> dict:
    lo, hi = wilson(k, n)
    return dict(k=int(k), n=int(n), rate=(k / n if n else float("nan")), lo=lo, hi=hi)


def survey_figures(surveys: dict, ops: dict, events: pd.DataFrame, users: pd.DataFrame) -> dict:
    post, site = surveys["post_purchase"], surveys["site_exit"]
    f: dict = {"n_post": len(post), "n_site": len(site)}
    q1 = pd.to_numeric(post["Q1"])
    f["nps"] = dict(n=len(q1), promoters=_rate((q1 >= 9).sum(), len(q1)), detractors=_rate((q1 <= 6).sum(), len(q1)))
    q3 = pd.to_numeric(post["Q3"])
    f["q3"] = dict(mean=q3.mean(), low_effort=_rate((q3 >= 5).sum(), len(q3)))
    q4 = pd.to_numeric(post["Q4"].replace("", np.nan)).dropna()
    f["q4"] = dict(mean=q4.mean(), satisfied=_rate((q4 >= 4).sum(), len(q4)))
    q6 = post.loc[post["Q6"].astype(str) != "", "Q6"].astype(str)
    f["q6"] = dict(waiting=_rate(q6.str.contains(WAITING).sum(), len(q6)),
                   waiting_and_praise=_rate((q6.str.contains(WAITING) & q6.str.contains(PRAISE)).sum(), len(q6)))
    q5 = post.loc[post["Q5"].astype(str) != "", "Q5"].astype(str)
    ship = q5[q5.str.contains(SHIPPING)]
    f["q5"] = dict(n=len(q5), shipping=_rate(len(ship), len(q5)))
    texts = pd.concat([post[c].astype(str) for c in ("Q2", "Q5", "Q6")] +
                      [site[c].astype(str) for c in ("what_stopped_you", "anything_else")])
    texts = texts[texts != ""]
    f["n_answers"] = len(texts)
    f["distinct_answers"] = texts.nunique()
    f["pool_texts"] = pool_size()
    f["size_guide_mentions"] = int(texts.str.contains(SIZE_GUIDE).sum())
    q2 = post.loc[post["Q2"].astype(str) != "", "Q2"].astype(str)
    ae = site.loc[site["anything_else"].astype(str) != "", "anything_else"].astype(str)
    f["packaging"] = dict(q2=_rate(q2.str.contains(PACKAGING).sum(), len(q2)),
                          anything_else=_rate(ae.str.contains(PACKAGING).sum(), len(ae)))
    seg = dict(zip(users["user_id"], users["segment"]))
    ew = {}
    for persona in ("bargain-hunter", "busy-parent", "loyal-regular"):
        a = post.loc[(post["user_id"].map(seg) == persona) & (post["Q5"].astype(str) != ""), "Q5"].astype(str)
        b = site.loc[(site["user_id"].map(seg) == persona) & (site["what_stopped_you"].astype(str) != ""),
                     "what_stopped_you"].astype(str)
        both = pd.concat([a, b])
        ew[persona] = _rate(both.str.contains(EWALLET).sum(), len(both))
    f["ewallet"] = ew
    t = ops["support_tickets"]
    wm = t["wait_minutes"]
    f["wait"] = dict(n=len(t), median=float(wm.median()), p90=float(wm.quantile(0.9)),
                     miss=_rate((wm > 5).sum(), len(t)), no_offset=int((~t["created_at"].str.endswith("+08:00")).sum()))
    d = ops["deliveries"]
    f["delivery"] = dict(n=len(d), median=float(d["delivery_days"].median()),
                         within=_rate((d["delivery_days"] <= 3).sum(), len(d)))
    e = ops["email_sends"]
    rr = e[e["campaign"] == "review_request"]
    f["review_open"] = _rate(int(rr["opened"].sum()), len(rr))
    f["packaging_repurchase"] = _repurchase(events, post, site)
    return f


def _repurchase(events: pd.DataFrame, post: pd.DataFrame, site: pd.DataFrame) -> dict:
    """Share of users who order again after their first order_received (received by 31 August)."""
    ev = events[events["event_name"].isin(["order_received", "order_placed"])]
    first_rec = ev[ev["event_name"] == "order_received"].groupby("user_id")["ts"].min()
    first_rec = first_rec[first_rec < pd.Timestamp("2026-09-01")]
    orders = ev[ev["event_name"] == "order_placed"][["user_id", "ts"]]
    later = orders.merge(first_rec.rename("rec"), left_on="user_id", right_index=True)
    again = set(later.loc[later["ts"] > later["rec"], "user_id"])
    said = pd.concat([post[["user_id", "Q2"]].rename(columns={"Q2": "t"}),
                      site[["user_id", "anything_else"]].rename(columns={"anything_else": "t"})])
    complain = set(said.loc[said["t"].astype(str).str.contains(PACKAGING), "user_id"])
    answered = set(said["user_id"])
    out = {}
    for name, group in (("all who reached order_received", set(first_rec.index)),
                        ("respondents who complained about packaging", complain & set(first_rec.index)),
                        ("respondents who did not", (answered - complain) & set(first_rec.index))):
        out[name] = _rate(len(group & again), len(group))
    return out


def _r(x: dict) -> str:
    return f"{x['rate']:.1%} ({x['k']}/{x['n']}, 95% CI {x['lo']:.1%}-{x['hi']:.1%})"


def format_figures(f: dict) -> str:
    """Plain-text summary of :func:`survey_figures` (rendering only)."""
    lines = [
        f"post_purchase: {f['n_post']} respondents; site_exit: {f['n_site']}",
        f"NPS promoters {_r(f['nps']['promoters'])}, detractors {_r(f['nps']['detractors'])}",
        f"Q3 checkout CES mean {f['q3']['mean']:.2f}; low effort (5-7) {_r(f['q3']['low_effort'])}",
        f"Q4 support CSAT mean {f['q4']['mean']:.2f}; satisfied (4-5) {_r(f['q4']['satisfied'])}",
        f"Q6 answers about waiting {_r(f['q6']['waiting'])}; waiting + praise for the agent "
        f"{_r(f['q6']['waiting_and_praise'])}",
        f"Q5 answers mentioning shipping {_r(f['q5']['shipping'])} (all from positive/neutral pools)",
        f"packaging mentions: Q2 {_r(f['packaging']['q2'])}; anything_else {_r(f['packaging']['anything_else'])}",
        *[f"e-wallet/FPX wishes in Q5 + what_stopped_you, {p}: {_r(x)}" for p, x in f["ewallet"].items()],
        f"size-guide mentions in any answer: {f['size_guide_mentions']}",
        f"open answers: {f['n_answers']} non-empty, {f['distinct_answers']} distinct; hand-written texts: "
        f"{f['pool_texts']}",
        f"support wait: n={f['wait']['n']}, median {f['wait']['median']:.0f} min, p90 {f['wait']['p90']:.0f} min, "
        f"miss 5-min target {_r(f['wait']['miss'])}; rows without offset {f['wait']['no_offset']}",
        f"delivery: n={f['delivery']['n']}, median {f['delivery']['median']:.0f} days, within 3 days "
        f"{_r(f['delivery']['within'])}",
        f"review_request open rate {_r(f['review_open'])} (target 0.25)",
        *[f"repurchase after order_received, {k}: {_r(v)}" for k, v in f["packaging_repurchase"].items()],
    ]
    return "\n".join(lines)


INTERVIEW_PII_HEADING = "## Personal data in interviews"


def _ratio(table: pd.DataFrame, persona: str, tp: str) -> str:
    r = table[(table["persona"] == persona) & (table["touchpoint"] == tp)].iloc[0]
    return f"{r.drop_rate:.3f} = {r.ratio:.2f}x baseline {r.baseline:.3f} (n reached {r.reached})"


def render_planted(table: pd.DataFrame, f: dict, pii: list[dict], drop_md: str, previous=None) -> str:
    """PLANTED.md. Everything from the interview-PII heading on is kept from the previous file."""
    tail = f"{INTERVIEW_PII_HEADING}\n\n(listed by the interview authors below)\n"
    if previous is not None and previous.exists():
        old = previous.read_text(encoding="utf-8")
        if INTERVIEW_PII_HEADING in old:
            tail = old[old.index(INTERVIEW_PII_HEADING):]
    healthy = table[~table["touchpoint"].isin(["shipping-cost", "size-guide", "payment"])]
    worst = healthy.loc[(healthy["ratio"] - 1).abs().idxmax()]
    pay = table[table["touchpoint"] == "payment"].set_index("persona")["ratio"]
    rp = f["packaging_repurchase"]
    lines = [
        "# What is planted in the demo study (demo-shop)",
        "",
        "Lumi & Co. is fictional. Everything except `interviews/`, `participants.csv` and `study.yml` is written by",
        "`tools/make_demo_shop.py` (seeded; re-running it gives byte-identical files). The numbers below are that",
        "generator's own check, measured on the files it wrote, with the contract's definitions",
        "(STUDY_FORMAT.md \"Definitions that must not drift\": reached, dropped = reached and never ordered and it was",
        "the last touchpoint by time, drop_rate = dropped / reached, baseline = median drop_rate over touchpoints,",
        "computed per persona and for all users). Intervals are 95% Wilson intervals.",
        "",
        "## Planted findings",
        "",
        "| touchpoint | kind the workbench should report | where it shows | personas |",
        "|---|---|---|---|",
        "| shipping-cost | said-positive-did-drop | events (drop) vs Q5 / interviews (shipping spoken of well) | all; "
        "strongest bargain-hunter |",
        "| size-guide | silent-friction | events (drop); nobody mentions it in any survey answer | all |",
        "| payment | (behaviour + negative talk: e-wallet wishes) | events (drop), Q5, what_stopped_you | busy-parent |",
        "| support-chat | score-high-story-negative and score-high-operations-miss | Q4 high; Q6 about waiting; "
        "support_tickets.wait_minutes vs target 5 | all |",
        "| packaging | loud-but-harmless | Q2 / anything_else complaints; no drop, same repurchase | all |",
        "",
        "### Behaviour (behaviour/events-*.parquet)",
        "",
        f"- shipping-cost: all {_ratio(table, 'all', 'shipping-cost')}; bargain-hunter "
        f"{_ratio(table, 'bargain-hunter', 'shipping-cost')}; busy-parent {_ratio(table, 'busy-parent', 'shipping-cost')};"
        f" loyal-regular {_ratio(table, 'loyal-regular', 'shipping-cost')}.",
        f"- size-guide (broken, silent): all {_ratio(table, 'all', 'size-guide')}; bargain-hunter "
        f"{_ratio(table, 'bargain-hunter', 'size-guide')}; busy-parent {_ratio(table, 'busy-parent', 'size-guide')}; "
        f"loyal-regular {_ratio(table, 'loyal-regular', 'size-guide')}.",
        f"- payment (no e-wallet): busy-parent {_ratio(table, 'busy-parent', 'payment')}; bargain-hunter "
        f"{pay['bargain-hunter']:.2f}x and loyal-regular {pay['loyal-regular']:.2f}x (near baseline); all users "
        f"{pay['all']:.2f}x (the busy parents pull the whole-population figure up; it is not a healthy control).",
        f"- every other touchpoint is within +-35% of its baseline for every persona and overall; the largest "
        f"deviation is {worst.touchpoint} for {worst.persona} at {worst.ratio:.2f}x (n reached {worst.reached}).",
        "- Post-purchase touchpoints have realistic drop rates because returning customers (late-June orders) track,",
        "  confirm receipt, chat, return, review and check points in July without ordering again in the window.",
        f"- packaging: repurchase after the first order_received (received by 31 August): "
        + "; ".join(f"{k} {_r(v)}" for k, v in rp.items()) + ". Survey answers were drawn independently of later "
        "behaviour, so what people said about packaging carries no behavioural cost.",
        "",
        "### Surveys (surveys/post_purchase.csv, Qualtrics export; surveys/site_exit.csv, plain)",
        "",
        f"- {f['n_post']} post-purchase respondents (all buyers; the 13 interviewees with a respondent_id carry that "
        f"ResponseId and their user_id) and {f['n_site']} site-exit respondents (buyers and non-buyers).",
        f"- Q4 support CSAT: mean {f['q4']['mean']:.2f}, satisfied (4-5) {_r(f['q4']['satisfied'])}. Q4 and Q6 are "
        "blank unless the user had a support ticket before answering.",
        f"- Q6 support story: about waiting (queue, on hold, 30+ minutes, slow reply) {_r(f['q6']['waiting'])}; "
        f"waiting plus polite praise for the agent {_r(f['q6']['waiting_and_praise'])}.",
        f"- Q3 checkout CES: mean {f['q3']['mean']:.2f}, low effort (5-7) {_r(f['q3']['low_effort'])}. Q5 praises "
        f"checkout; answers mentioning shipping {_r(f['q5']['shipping'])}, all from positive or neutral pools "
        "(vouchers, free shipping over RM60, fair fee).",
        f"- NPS (Q1): promoters {_r(f['nps']['promoters'])}, detractors {_r(f['nps']['detractors'])}.",
        f"- Packaging complaints: Q2 {_r(f['packaging']['q2'])}; anything_else {_r(f['packaging']['anything_else'])}.",
        "- E-wallet / FPX wishes (Q5 and what_stopped_you): "
        + "; ".join(f"{p} {_r(x)}" for p, x in f["ewallet"].items()) + ".",
        f"- Size guide: {f['size_guide_mentions']} mentions in any survey answer (none of "
        + ", ".join(f'"{w}"' for w in FORBIDDEN) + ").",
        "- Shipping in what_stopped_you: at most two soft hints that the final total was higher than expected; the",
        "  rest of the non-buyers say they were browsing, comparing or waiting for a voucher.",
        f"- Open answers: {f['n_answers']} non-empty, {f['distinct_answers']} distinct, drawn from {f['pool_texts']} "
        "hand-written texts (tools/demo_shop_text.py); about one answer in ten joins two texts.",
        "",
        "### Operations (operations/)",
        "",
        f"- support_tickets.csv: {f['wait']['n']} tickets (one per support_chat_started event, plus email/phone "
        f"tickets); wait_minutes median {f['wait']['median']:.0f}, p90 {f['wait']['p90']:.0f}; missing the 5-minute "
        f"target {_r(f['wait']['miss'])}. {f['wait']['no_offset']} rows have created_at without an offset (local "
        "time, read in Asia/Kuala_Lumpur).",
        "",
        "## Healthy controls (must never be flagged)",
        "",
        f"- deliveries.csv: delivery_days median {f['delivery']['median']:.0f}, within the 3-day target "
        f"{_r(f['delivery']['within'])}; delivery touchpoint drop near baseline; talked about positively.",
        f"- email_sends (review_request): open rate {_r(f['review_open'])} against target 0.25.",
        "- social-ads, search, product-page, cart, checkout, delivery, returns, review-request, loyalty-points: drop",
        "  within +-35% of baseline for every persona and overall, and spoken of positively or neutrally.",
        "- packaging: loud but harmless (see above): must not be reported as a drop.",
        "- payment for bargain-hunter and loyal-regular: near baseline.",
        "",
        "## Drop-rate table (generator check)",
        "",
        drop_md,
        "",
        "## Personal data in surveys (planted for redaction tests)",
        "",
        "| kind | file | respondent | column | exact text |",
        "|---|---|---|---|---|",
        *[f"| {p['kind']} | {p['file']} | {p['respondent']} | {p['column']} | `{p['value']}` |" for p in pii],
        "",
        "Also present by design: IPAddress (documentation ranges 192.0.2.x, 198.51.100.x, 203.0.113.x) and",
        "approximate LocationLatitude/LocationLongitude in post_purchase.csv, as in any Qualtrics export.",
        "",
    ]
    return "\n".join(lines) + "\n" + tail
