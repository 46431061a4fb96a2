"""The general cleaner on page dumps written for these tests (never copies of real pages):
a cookie banner, a menu, the article, a link list, a newsletter box, a comment thread, a
footer, in six languages. Each removed line must say why; every body paragraph must stay."""

import pytest

from newspack.extract import prose
from newspack.extract.clean import clean_lines, is_comment_meta, squash, widget

PAGES = {
    "nb": {
        "cookie": ["Vi bruker informasjonskapsler (cookies) for å gi deg en bedre opplevelse. "
                   "Godta alle"],
        "menu": ["Forsiden", "Nyheter", "Sport", "Kultur", "Økonomi", "Meninger"],
        "body": [
            "Kommunestyret i Bodø vedtok tirsdag kveld å bygge en ny svømmehall ved sjøen, "
            "etter en debatt som varte i nesten fire timer.",
            "Ordføreren sa at prosjektet er det største kommunen har tatt på seg på mange år, "
            "og at det skal stå ferdig før sommeren om tre år.",
            "Opposisjonen mente at pengene heller burde gå til skolene, men de fikk ikke "
            "flertall for forslaget sitt i møtet.",
            "Byggingen starter til høsten, og de første anbudene skal etter planen komme i "
            "løpet av august.",
        ],
        "links": ["Mer fra Nordland", "Ny bro over Saltstraumen", "Flyplassen får ny rute",
                  "Rekordmange turister i Lofoten"],
        "newsletter": ["Få de viktigste nyhetene på e-post", "Meld deg på vårt nyhetsbrev"],
        "comments": ["Kommentarer", "Kari N. 12.03.2019 kl. 10:15",
                     "Endelig! Dette har vi ventet på i mange år, og jeg gleder meg til å ta "
                     "med barna dit.", "Svar",
                     "Ola H. 12.03.2019 kl. 11:02",
                     "Jeg synes det er altfor dyrt, og at vi heller burde pusse opp den gamle "
                     "hallen først.", "Svar"],
        "footer": ["Kontakt oss", "Personvern", "© 2019 Nordavis AS"],
    },
    "nn": {
        "cookie": ["Vi brukar informasjonskapslar for å gje deg ei betre oppleving. Godta alle"],
        "menu": ["Framsida", "Nyhende", "Sport", "Kultur", "Vêret"],
        "body": [
            "Fylkeskommunen har no bestemt at den nye ferja over fjorden skal gå på straum "
            "frå neste sommar, og at ho skal gå kvar halvtime.",
            "Mange av dei som bur på øya har venta lenge på eit betre tilbod, og dei er glade "
            "for at avgjerda endeleg er teken.",
            "Ferjeselskapet seier at dei treng eit halvt år på å gjere klar kaia, men at dei "
            "reknar med å halde tidsplanen.",
        ],
        "links": ["Meir frå Vestland", "Ny veg til Hardanger", "Brua opnar i mai"],
        "newsletter": ["Abonner på nyhendebrevet vårt"],
        "comments": ["Kommentarar", "Per S. 4. mai 2020 kl. 09:12",
                     "Det var på tide at nokon tok eit val i denne saka, no får vi sjå om "
                     "ferja verkeleg kjem.", "Svar", "Anne L. 4. mai 2020 kl. 10:40",
                     "Eg trur ikkje på det før eg ser det, dei har lova mykje før og."],
        "footer": ["Personvern", "Alle rettigheter forbeholdt"],
    },
    "da": {
        "cookie": ["Vi bruger cookies til at forbedre din oplevelse på sitet. Accepter alle"],
        "menu": ["Forside", "Indland", "Udland", "Sport", "Kultur", "Vejret"],
        "body": [
            "Regeringen har fremlagt en plan for, hvordan flere unge skal tage en "
            "erhvervsuddannelse, og den skal forhandles med partierne i næste uge.",
            "Ministeren siger, at der mangler tusindvis af faglærte i de kommende år, og at "
            "det er nødvendigt at handle nu.",
            "Flere af oppositionens partier er positive over for forslaget, men de vil have "
            "flere penge til skolerne, før de siger ja.",
        ],
        "links": ["Seneste nyt fra Christiansborg", "Skatten sænkes i 2021", "Ny minister"],
        "newsletter": ["Tilmeld dig vores nyhedsbrev"],
        "comments": ["Kommentarer", "Jens P. 3. marts 2021 kl. 08:30",
                     "Det er en god idé, men det burde være sket for mange år siden, hvis man "
                     "spørger mig.", "Svar", "Mette K. 3. marts 2021 kl. 09:14",
                     "Jeg er enig med Jens, og jeg håber at de også tænker på lærlingene."],
        "footer": ["Kontakt", "Alle rettigheder forbeholdes"],
    },
    "sv": {
        "cookie": ["Vi använder cookies för att ge dig en bättre upplevelse. Godkänn alla"],
        "menu": ["Start", "Nyheter", "Sport", "Nöje", "Ekonomi", "Kultur"],
        "body": [
            "Kommunen har beslutat att bygga en ny skola i centrum, och arbetet ska enligt "
            "planen börja redan i höst.",
            "Skolan ska ha plats för sexhundra elever och blir därmed den största i hela "
            "länet när den står klar.",
            "Föräldrarna i området har länge klagat på att barnen måste åka buss i nästan en "
            "timme varje morgon för att komma till skolan.",
        ],
        "links": ["Mer från Uppsala", "Nya bussar i stan", "Biblioteket öppnar igen"],
        "newsletter": ["Prenumerera på vårt nyhetsbrev"],
        "comments": ["Kommentarer", "Lisa B. 14 maj 2022 kl. 10:05",
                     "Äntligen händer det något, mina barn har åkt buss i flera år och det "
                     "har varit jobbigt.", "Svara", "Erik J. 14 maj 2022 kl. 11:20",
                     "Det låter bra, men vem ska betala för allt det här i slutändan?"],
        "footer": ["Kontakta oss", "Alla rättigheter förbehållna"],
    },
    "en": {
        "cookie": ["We use cookies to give you the best experience on our site. Accept all"],
        "menu": ["Home", "World", "Business", "Sport", "Culture", "Opinion", "Video"],
        "body": [
            "The city council voted on Tuesday to close the old harbour bridge for repairs, "
            "after engineers found cracks in two of its supports.",
            "The bridge carries about twenty thousand cars a day, and the council said it "
            "would add buses and a ferry while the work is done.",
            "Local businesses said they were worried about losing customers, but most of them "
            "agreed that the repairs could not wait any longer.",
        ],
        "links": ["More from the city", "New tram line opens", "Park to get a new playground"],
        "newsletter": ["Sign up for our daily newsletter", "Enter your email address"],
        "comments": ["12 Comments", "Jane D. says:",
                     "I cross that bridge every day and I have seen the cracks myself, so I am "
                     "glad they are finally doing something.", "Reply", "Tom R. says:",
                     "This should have been done years ago, and now everybody pays the price."],
        "footer": ["Privacy policy", "Terms of use", "© 2023 Harbour Times"],
    },
    "de": {
        "cookie": ["Wir verwenden Cookies, um Ihnen das beste Erlebnis zu bieten. "
                   "Alle akzeptieren"],
        "menu": ["Startseite", "Politik", "Wirtschaft", "Sport", "Kultur", "Wissen"],
        "body": [
            "Der Stadtrat hat am Dienstag beschlossen, die alte Brücke über den Fluss für ein "
            "Jahr zu sperren, weil Gutachter Risse in den Pfeilern gefunden haben.",
            "Über die Brücke fahren jeden Tag etwa zwanzigtausend Autos, und die Stadt will "
            "während der Arbeiten zusätzliche Busse einsetzen.",
            "Die Händler in der Altstadt befürchten, dass ihnen die Kunden fehlen werden, "
            "aber die meisten sehen ein, dass die Reparatur nicht warten kann.",
        ],
        "links": ["Mehr aus der Region", "Neue Straßenbahn fährt", "Der Park wird erneuert"],
        "newsletter": ["Melden Sie sich für unseren Newsletter an"],
        "comments": ["Kommentare", "Peter M. 5. März 2019 um 10:15 Uhr",
                     "Ich fahre jeden Tag über diese Brücke und habe mich schon lange gefragt, "
                     "wann endlich etwas passiert.", "Antworten",
                     "Sabine K. 5. März 2019 um 11:40 Uhr",
                     "Das hätte man schon vor Jahren machen müssen, jetzt zahlen alle dafür."],
        "footer": ["Impressum", "Datenschutz", "© 2019 Stadtanzeiger"],
    },
}
PARTS = ("cookie", "menu", "body", "links", "newsletter", "comments", "footer")


def _dump(page: dict) -> list[str]:
    """A text dump as a naive scraper writes one: every block a line, blank lines between."""
    lines = []
    for part in PARTS:
        for block in page[part]:
            lines += [block, ""]
    return [squash(line) for line in lines]


@pytest.mark.parametrize("lang", sorted(PAGES))
def test_the_article_is_kept_and_everything_around_it_goes(lang):
    page = PAGES[lang]
    kept, removed = clean_lines(_dump(page))
    assert kept == page["body"]
    reasons = {r.text: r.reason for r in removed}
    assert "menu" in {reasons[line] for line in page["menu"]}
    assert {reasons[line] for line in page["cookie"]} == {"cookie"}
    assert all(reasons[line] for line in page["menu"] + page["links"] + page["newsletter"]
               + page["footer"])
    assert {reasons[line] for line in page["comments"][1:]} == {"comment"}


def test_each_kind_of_removal_says_why():
    _, removed = clean_lines(_dump(PAGES["en"]))
    reasons = {r.text: r.reason for r in removed}
    assert reasons["Culture"] == "menu"
    assert reasons["Sign up for our daily newsletter"] == "prompt"
    assert reasons["I cross that bridge every day and I have seen the cracks myself, so I am "
                   "glad they are finally doing something."] == "comment"
    assert reasons["Privacy policy"] == "footer"


def test_short_paragraphs_and_subheadings_inside_the_body_stay():
    page = dict(PAGES["nb"])
    page["body"] = [page["body"][0], "Stor debatt", page["body"][1], "Det ble vedtatt.",
                    page["body"][2], page["body"][3]]
    kept, _ = clean_lines(_dump(page))
    assert kept == page["body"]


def test_a_teaser_box_far_from_the_article_is_left_out():
    page = dict(PAGES["de"])
    teaser = ("Lesen Sie hier, warum die Stadt im vergangenen Jahr so viele neue Bäume "
              "gepflanzt hat und was die Anwohner davon halten.")
    page["footer"] = [*page["footer"], "Tags", "Brücke", "Verkehr", "Stadtrat", "Busse",
                      "Altstadt", teaser]
    kept, removed = clean_lines(_dump(page))
    assert kept == page["body"]
    assert next(r.reason for r in removed if r.text == teaser) in {"sidebar", "comment"}


def test_a_single_short_article_keeps_its_lines():
    lines = ["Brua opnar neste veke, seier vegvesenet."]
    assert clean_lines(lines)[0] == lines


def test_a_comment_heading_before_the_article_does_not_end_it():
    page = dict(PAGES["en"])
    page["menu"] = [*page["menu"], "3 Comments"]
    kept, _ = clean_lines(_dump(page))
    assert kept == page["body"]


@pytest.mark.parametrize("line,kind", [
    ("Melde dich für unseren Newsletter an", "prompt"),
    ("Logg inn for å lese saken", "prompt"),
    ("Alle Rechte vorbehalten", "footer"),
    ("Kommunestyret vedtok budsjettet tirsdag.", None),
    # a phrase whose first word is common ("om", "del") is found by its first two words
    ("Om oss", "footer"),
    ("Del på Facebook", "prompt"),
    ("Om kvelden kom hele bygda til brua.", None),
    ("(Følg oss på Facebook!)", "prompt"),
])
def test_widgets_are_named_by_what_they_say(line, kind):
    assert widget(line) == kind


@pytest.mark.parametrize("line,meta", [
    ("Peter M. 5. März 2019 um 10:15 Uhr", True),
    ("Jane D. says:", True),
    ("Svar", True),
    ("Møtet startet 10:15 og varte i to timer, sa ordføreren 5. mars 2019.", False),
    ("Kari Nordmann", False),
])
def test_comment_lines(line, meta):
    assert is_comment_meta(line) is meta


def test_the_stoplist_is_the_pages_language():
    words = "der die das und ist nicht mit von für auf den dem".split()
    assert prose.choose_stoplist(words) == prose.stoplists()["German"]
    words = "og ikke det som på er av til med har".split()
    assert prose.choose_stoplist(words) in {prose.stoplists()[n] for n in
                                           ("Norwegian_Bokmal", "Danish", "Norwegian_Nynorsk")}
