#!/usr/bin/env python3
"""Build gazetteers/players.tsv from public data plus the curated player files.

usage: python3 scripts/build_players.py [DATA_DIR] [--out FILE] [--clubs FILE] [--report]

Run from the repository root. DATA_DIR defaults to ../shared/data relative to
the repository root (the parent of this script's folder). It must hold:

  fpl-vaastav/players_2025-26.tsv                  Premier League 2025-26 (April 2026)
  fpl-vaastav/players_2024-25.tsv                  Premier League 2024-25
  fpl-vaastav/fpl_region_id_to_country_DERIVED.tsv FPL nationality codes
  openfootball-squads/squads_2021_2024.tsv         Euro / Copa America squads 2021, 2024

and reads, in the repository:

  gazetteers/curated/players/*.tsv   hand-curated players, one file per league
                                     (same columns as players.tsv; `id` may be
                                     left empty, it is then the slug of the
                                     name; club `-` means "current club not
                                     known", so the data's club is not used)
  gazetteers/curated/players/retired.txt   retired players to leave out
  gazetteers/clubs.tsv               club ids, names and aliases (--clubs FILE
                                     to use another): the club mapping, and
                                     names that must not become surname aliases

Sources, most trusted first: curated files, FPL 2025-26, FPL 2024-25, Euro /
Copa America 2024 squads, Euro / Copa America 2021 squads. Records of one
player (same folded full name, or a curated alias equal to it; birth years at
most one apart and the same nationality, where known) are merged field by
field: the most trusted source with a value wins, except for the birth date,
where the data sources win over the hand-typed curated value and a bare year
is completed by a full date of the same year. The club comes from the most
trusted source that knows where the player is now: a curated club, an FPL
2025-26 player not marked unavailable (status `u`: loaned out, sold or
released), an FPL 2024-25 player of a club relegated in 2025, or a 2024
tournament squad. Stale records give an empty club, and so does a club name
that clubs.tsv cannot resolve (--report lists them). 2021-only squad players
born before 1993 are left out.

Aliases are the curated ones, the FPL `web_name` (the short name used in
media) and the surname derived from the canonical name ("Van Dijk|van Dijk",
"Son" for Son Heung-min, "Kolo Muani"). Data aliases that are a club name or
alias, a country, a city, an outlet, a demonym, a common sentence-start word or
a first name are dropped; curated aliases are always kept.

The output is sorted by id and deterministic: the same inputs give the same
bytes.
"""
import csv
import re
import sys
import unicodedata
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent

# ---------------------------------------------------------------------------
# Folding and slugs


def fold(s):
    """Lower case, accents and punctuation folded, spaces collapsed."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(ch for ch in s if not unicodedata.combining(ch))
    for a, b in (("ø", "o"), ("Ø", "o"), ("ß", "ss"), ("æ", "ae"), ("Æ", "ae"), ("ı", "i"),
                 ("đ", "d"), ("Đ", "d"), ("ł", "l"), ("Ł", "l"), ("’", "'"), ("ð", "d"),
                 ("þ", "th"), ("Þ", "th"), ("Ð", "d"), ("œ", "oe"), ("Œ", "oe")):
        s = s.replace(a, b)
    s = s.replace("'", "")
    s = "".join(ch.lower() if ch.isalnum() else " " for ch in s)
    return " ".join(s.split())


PLAIN_LETTERS = {"ı": "i", "ð": "d", "Ð": "D", "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "Th"}


def plain_letters(name):
    """The name with letters that have no accent-free decomposition replaced."""
    return "".join(PLAIN_LETTERS.get(ch, ch) for ch in name)


def slug(s):
    return "-".join(fold(s).split())


def strip_marker(a):
    return a.lstrip("=*")


# ---------------------------------------------------------------------------
# Reference lists

POSITIONS = {"goalkeeper", "centre-back", "full-back", "defender", "defensive midfielder",
             "midfielder", "winger", "forward", "striker"}
COARSE_POSITION = {"GK": "goalkeeper", "DEF": "defender", "MID": "midfielder", "FWD": "forward",
                   "DF": "defender", "MF": "midfielder", "FW": "forward"}

# FPL region ids -> country. The data folder's derived table covers 36 ids; the
# ids below were added by hand from players whose nationality is well known
# (e.g. 13: Harry Souttar, Massimo Luongo; 38: Carlos Baleba, Bryan Mbeumo;
# 81: Antoine Semenyo, Thomas Partey; 114: Son Heung-min; 132: Yves Bissouma,
# Cheick Doucoure; 154: Chris Wood). The ids follow the alphabetical order of
# country names, which the derived table confirms.
EXTRA_REGIONS = {
    "3": "Algeria", "6": "Angola", "13": "Australia", "18": "Bangladesh",
    "27": "Bosnia and Herzegovina", "34": "Bulgaria", "35": "Burkina Faso", "38": "Cameroon",
    "44": "Chile", "50": "DR Congo", "54": "Ivory Coast", "63": "Egypt", "67": "Estonia",
    "72": "Finland", "77": "Gabon", "78": "Gambia", "81": "Ghana", "83": "Greece",
    "90": "Guinea-Bissau", "92": "Haiti", "99": "Iceland", "103": "Iraq",
    "104": "Republic of Ireland", "105": "Israel", "108": "Japan", "114": "South Korea",
    "132": "Mali", "139": "Mexico", "145": "Morocco", "146": "Mozambique", "154": "New Zealand",
    "157": "Nigeria", "161": "Norway", "189": "Senegal", "198": "South Africa", "218": "Tunisia",
    "231": "Uzbekistan", "233": "Venezuela", "238": "Zambia", "239": "Zimbabwe",
    "242": "Northern Ireland", "286": "Kosovo",
}
COUNTRY_FIX = {"United States": "USA", "Ireland": "Republic of Ireland", "Korea Republic": "South Korea",
               "Congo DR": "DR Congo", "Côte d'Ivoire": "Ivory Coast", "Turkiye": "Turkey",
               "Türkiye": "Turkey", "Czechia": "Czech Republic"}

# FPL team names -> club names as written in clubs.tsv.
FPL_TEAMS = {
    "Arsenal": "arsenal", "Aston Villa": "aston-villa", "Bournemouth": "bournemouth",
    "Brentford": "brentford", "Brighton": "brighton-hove-albion", "Burnley": "burnley",
    "Chelsea": "chelsea", "Crystal Palace": "crystal-palace", "Everton": "everton",
    "Fulham": "fulham", "Ipswich": "ipswich-town", "Leeds": "leeds-united",
    "Leicester": "leicester-city", "Liverpool": "liverpool", "Man City": "manchester-city",
    "Man Utd": "manchester-united", "Newcastle": "newcastle-united",
    "Nott'm Forest": "nottingham-forest", "Southampton": "southampton", "Spurs": "tottenham-hotspur",
    "Sunderland": "sunderland", "West Ham": "west-ham-united", "Wolves": "wolverhampton-wanderers",
}
# Premier League 2024-25 clubs relegated in May 2025: their players who are not
# in the 2025-26 data mostly stayed with them in the Championship.
RELEGATED_2025 = {"Ipswich", "Leicester", "Southampton"}

# Club names of the tournament squads (English-Wikipedia style) that the
# generic matching against clubs.tsv does not resolve.
SQUAD_CLUBS = {
    "Athletic Bilbao": "athletic-bilbao", "FC Bayern Munich": "bayern-munich",
    "Inter Milan": "inter-milan", "AC Milan": "ac-milan", "A.C. Milan": "ac-milan",
    "AFC Ajax": "ajax", "Feyenoord": "feyenoord", "PSV Eindhoven": "psv-eindhoven",
    "Atalanta B.C.": "atalanta", "Atalanta BC": "atalanta", "S.S. Lazio": "lazio", "SS Lazio": "lazio",
    "ACF Fiorentina": "fiorentina", "Bayer 04 Leverkusen": "bayer-leverkusen",
    "Borussia Mönchengladbach": "borussia-monchengladbach", "TSG 1899 Hoffenheim": "hoffenheim",
    "S.L. Benfica": "benfica", "FC Porto": "porto", "Sporting CP": "sporting-cp",
    "Fenerbahçe S.K.": "fenerbahce", "Galatasaray S.K.": "galatasaray", "Beşiktaş J.K.": "besiktas",
    "Club Brugge KV": "club-brugge", "R.S.C. Anderlecht": "anderlecht", "K.R.C. Genk": "genk",
    "K.A.A. Gent": "gent", "Royale Union Saint-Gilloise": "union-saint-gilloise",
    "Olympique Lyonnais": "lyon", "Olympique de Marseille": "marseille", "Lille OSC": "lille",
    "Stade Rennais F.C.": "rennes", "OGC Nice": "nice", "AS Monaco FC": "monaco", "RC Lens": "lens",
    "RC Strasbourg Alsace": "strasbourg", "Toulouse FC": "toulouse", "Le Havre AC": "le-havre",
    "FC Lorient": "lorient", "FC Metz": "metz", "AS Saint-Étienne": "saint-etienne",
    "Montpellier HSC": "montpellier", "Deportivo Alavés": "alaves", "CA Osasuna": "osasuna",
    "RC Celta de Vigo": "celta-vigo", "RCD Mallorca": "mallorca", "Levante UD": "levante",
    "Hellas Verona FC": "hellas-verona", "Hellas Verona F.C.": "hellas-verona",
    "Genoa CFC": "genoa", "Genoa C.F.C.": "genoa", "US Lecce": "lecce", "U.S. Lecce": "lecce",
    "US Cremonese": "cremonese", "U.S. Sassuolo Calcio": "sassuolo", "US Sassuolo Calcio": "sassuolo",
    "Bologna FC 1909": "bologna", "Bologna F.C. 1909": "bologna", "Parma Calcio 1913": "parma",
    "S.S.C. Napoli": "napoli", "SSC Napoli": "napoli", "AS Roma": "roma", "A.S. Roma": "roma",
    "1. FSV Mainz 05": "mainz-05", "1. FC Union Berlin": "union-berlin", "1. FC Köln": "koln",
    "SV Werder Bremen": "werder-bremen", "VfB Stuttgart": "stuttgart", "SC Freiburg": "freiburg",
    "FC Augsburg": "augsburg", "VfL Wolfsburg": "wolfsburg", "Hamburger SV": "hamburg",
    "Al Hilal SFC": "al-hilal", "Al Nassr FC": "al-nassr", "Al-Ittihad Club": "al-ittihad",
    "Al-Ahli Saudi FC": "al-ahli", "Al-Ettifaq FC": "al-ettifaq", "Al Qadsiah FC": "al-qadsiah",
    "Al Shabab FC": "al-shabab", "Al Taawoun FC": "al-taawoun", "Al Fateh SC": "al-fateh",
    "Damac FC": "damac", "Al-Okhdood Club": "al-okhdood",
    "Inter Miami CF": "inter-miami", "Los Angeles FC": "los-angeles-fc", "CF Montréal": "cf-montreal",
    "Toronto FC": "toronto-fc", "New York Red Bulls": "new-york-red-bulls",
    "New York City FC": "new-york-city-fc", "FC Dallas": "fc-dallas", "FC Cincinnati": "fc-cincinnati",
    "St. Louis City SC": "st-louis-city", "D.C. United": "dc-united", "Austin FC": "austin-fc",
    "Club Atlético River Plate": "river-plate", "Boca Juniors": "boca-juniors",
    "Racing Club de Avellaneda": "racing-club", "Club Atlético Independiente": "independiente",
    "CR Flamengo": "flamengo", "SE Palmeiras": "palmeiras", "Sociedade Esportiva Palmeiras": "palmeiras",
    "Sport Club Corinthians Paulista": "corinthians", "Clube Atlético Mineiro": "atletico-mineiro",
    "Botafogo de Futebol e Regatas": "botafogo", "Fluminense FC": "fluminense", "São Paulo FC": "sao-paulo",
    "Grêmio FBPA": "gremio", "Grêmio Foot-Ball Porto Alegrense": "gremio",
    "Sport Club Internacional": "internacional", "SC Internacional": "internacional",
    "Cruzeiro Esporte Clube": "cruzeiro", "Esporte Clube Bahia": "bahia", "Santos FC": "santos",
    "Fortaleza Esporte Clube": "fortaleza", "Red Bull Bragantino": "red-bull-bragantino",
    "Club Athletico Paranaense": "athletico-paranaense",
    "FC Red Bull Salzburg": "red-bull-salzburg", "GNK Dinamo Zagreb": "dinamo-zagreb",
    "Celtic F.C.": "celtic", "Rangers F.C.": "rangers", "Heart of Midlothian F.C.": "hearts",
    "Hibernian F.C.": "hibernian", "Motherwell F.C.": "motherwell",
    "FC Shakhtar Donetsk": "shakhtar-donetsk", "FC Dynamo Kyiv": "dynamo-kyiv",
    "SK Slavia Prague": "slavia-prague", "AC Sparta Prague": "sparta-prague",
    "Red Star Belgrade": "red-star-belgrade", "BSC Young Boys": "young-boys",
    "ŠK Slovan Bratislava": "slovan-bratislava", "F.C. Copenhagen": "fc-copenhagen",
    "FC Midtjylland": "midtjylland", "Ferencvárosi TC": "ferencvaros",
}

COUNTRIES = """Afghanistan Albania Algeria Andorra Angola Argentina Armenia Australia Austria
Azerbaijan Bahrain Belarus Belgium Benin Bolivia Bosnia Botswana Brazil Bulgaria Burundi
Cameroon Canada Chad Chile China Colombia Comoros Congo Croatia Cuba Cyprus Czechia Denmark
Ecuador Egypt England Eritrea Estonia Ethiopia Finland France Gabon Gambia Georgia Germany
Ghana Greece Guatemala Guinea Haiti Holland Honduras Hungary Iceland India Indonesia Iran Iraq
Ireland Israel Italy Jamaica Japan Jordan Kazakhstan Kenya Korea Kosovo Kuwait Latvia Lebanon
Liberia Libya Lithuania Luxembourg Madagascar Malawi Mali Malta Mauritania Mexico Moldova
Monaco Mongolia Montenegro Morocco Mozambique Namibia Nepal Netherlands Nicaragua Niger Nigeria
Norway Oman Pakistan Palestine Panama Paraguay Peru Philippines Poland Portugal Qatar Romania
Russia Rwanda Scotland Senegal Serbia Slovakia Slovenia Somalia Spain Sudan Suriname Sweden
Switzerland Syria Tanzania Thailand Togo Tunisia Turkey Uganda Ukraine Uruguay USA Uzbekistan
Venezuela Vietnam Wales Yemen Zambia Zimbabwe America Africa Europe Asia""".split()
CITIES = """London Manchester Liverpool Madrid Barcelona Paris Milan Rome Turin Naples Munich
Berlin Hamburg Dortmund Leipzig Lisbon Porto Braga Amsterdam Rotterdam Eindhoven Glasgow
Edinburgh Istanbul Riyadh Jeddah Dammam Miami Orlando Dallas Houston Austin Chicago Toronto
Montreal Vancouver Seattle Portland Denver Boston Atlanta Charlotte Nashville Columbus Philadelphia
Washington Lyon Marseille Nice Lille Lens Rennes Nantes Bordeaux Toulouse Monaco Brest Reims Metz
Lorient Angers Auxerre Strasbourg Valencia Sevilla Seville Bilbao Vigo Girona Granada Malaga Cadiz
Mallorca Getafe Elche Oviedo Leon Florence Genoa Bologna Parma Verona Udine Lecce Como Pisa Cagliari
Bergamo Stuttgart Frankfurt Cologne Bremen Wolfsburg Freiburg Augsburg Mainz Hoffenheim Bochum
Brussels Bruges Antwerp Ghent Genk Liege Leuven Mechelen Charleroi Athens Salonika Vienna Salzburg
Graz Linz Zagreb Split Belgrade Prague Warsaw Krakow Budapest Bucharest Kyiv Kiev Moscow Zurich
Basel Geneva Bern Copenhagen Stockholm Oslo Helsinki Dublin Cardiff Swansea Belfast Leeds
Newcastle Sunderland Brighton Bournemouth Southampton Birmingham Leicester Nottingham Derby
Sheffield Bristol Norwich Ipswich Coventry Hull Stoke Burnley Blackburn Preston Bolton Wigan
Reading Watford Luton Oxford Cambridge Plymouth Portsmouth Middlesbrough Wrexham York Chester
Lincoln Doncaster Barnsley Blackpool Carlisle Exeter Gillingham Peterborough Northampton
Rio Santos Sao Paulo Salvador Recife Fortaleza Curitiba Belo Horizonte Buenos Aires Rosario
Cordoba Montevideo Santiago Lima Bogota Quito Caracas Asuncion Mexico Monterrey Guadalajara
Doha Dubai Abu Dhabi Cairo Casablanca Tunis Algiers Lagos Accra Dakar Tokyo Seoul Beijing
Shanghai Sydney Melbourne Florida California Texas Madeira Alsace Catalonia Bavaria Andalusia
Merseyside Tyneside Yorkshire Lancashire Wembley Anfield Camp Nou Bernabeu Emirates Etihad""".split()
OUTLETS = """Marca AS Sport Record Bild Kicker Times Sun Mirror Star Express Guardian Telegraph Mail
Athletic Goal Sky ESPN BBC Relevo Cope Ser Tuttosport Gazzetta Corriere Calciomercato Jogo Bola
Equipe Ojo Globo Ole Talksport Standard Independent Observer Metro Herald Chronicle Echo Post
Journal Gazette Tribune Reuters Opta Transfermarkt Fotmob Teamtalk""".split()
# Capitalised words that start sentences or are ordinary words, where a surname
# alias would match ordinary text.
COMMON_WORDS = """Will Mark Grant May Summer Can Hope Joy Rich Case Best Well Still Just Long Little
Park Lane Road Bridge Stadium Field Ground Hill Green Street Church Castle Bay Hart
Strong Sharp Bright Fair Free Gay Good Grand Great Hunt Key Lay Love Low Major Mann March Miles
More Moss New North South East West Page Parks Person Power Read Rose Sale Say Short
Small Smart Stand Stay Sweet Tough Trust Wait Walk Wise Worth Bell
 Amor Angel Bueno Bom Deal Even Fine Fit Form Gain Goal Head High Home Hope Kick
League Legend Lucky Main Man Match Minute Mister Moment Money Net Nine Number Pace Pass
Pitch Play Post Prince Real Rush Score Second Shot Side Sign Silver Sky Star Table Talk
Team Test Ten Time Top Touch Trade Union Victor Vinny Win Winter Word World Spring Autumn
Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February April June July August
September October November December Junior Júnior Jr Filho Sobrinho Santos Saints Forest
Villa Palace City United Rovers Wanderers Athletic Albion County Town Olympic Sporting Racing
Boca River Cup Champions Premier Serie Liga Ligue Trafford Catalan Spanish English French Oh
German Italian Dutch Brazilian Portuguese Scottish Welsh Irish Basque Swiss Swedish Danish
Norwegian Belgian Argentine Argentinian Croatian Serbian Polish Turkish Greek Austrian
Moroccan Nigerian Ghanaian Senegalese African American European Asian Latin Galician""".split()
# Given names that are never a player's surname alias on their own (they end
# many Brazilian and Iberian two-word names: "Joao Pedro", "Igor Thiago").
GIVEN_NAMES = """Pedro Junior Júnior Jr Thiago Tiago Leonardo Paulo Lucas Gabriel Henrique Vitor
Victor Luiz Luis Luís Carlos Marcos Felipe Filipe Andre André Rafael Miguel Manuel Jose José
Antonio António João Joao Mateus Matheus Igor Diego Daniel David Bruno Fernando Ricardo Roberto
Rodrigo Eduardo Gustavo Guilherme Marcelo Mario Martin Samuel Vinicius Vinícius Alex Allan Arthur
Douglas Everton Fabio Fábio Hugo Ivan Jorge Julio Leandro Marco Mauricio Nicolas Oscar Renato Sergio
Walter Willian William Wesley Vitinha Juninho Alan Kaio Caio Wendel Wellington Gil Pablo Alexandre
Raphael Rafa Emerson Patrick Paulinho Gerson Savio Sávio Renan Ryan Yan Matías Matias Diogo
Danilo Rui Nuno Tomas Tomás Francisco Lourenço Iker Unai Dani Alvaro Álvaro Santiago Thomas Lucca
Kevin Enzo Leo Lionel Erick Eric Cristian Christian Kauã Kaua Luan Vitão Rodrygo Nathan Adam
Dean Simon Simón Mo Antony Rayan Marcus Kyle Florian Jorgen Morten Matthijs Leny Trent Nico Dani""".split()
PARTICLES = {"van", "von", "de", "der", "den", "da", "di", "del", "della", "dos", "das", "do", "du",
             "le", "la", "ter", "ten", "mac", "el", "al", "dal", "dei", "st", "st.", "lo", "ben", "ait",
             "aït"}
# Nationalities whose names are written surname first (Son Heung-min).
SURNAME_FIRST = {"South Korea", "North Korea", "China"}


def read_tsv(path):
    with open(path, encoding="utf-8", newline="") as f:
        lines = [ln for ln in f if ln.strip() and not ln.startswith("#")]
    reader = csv.DictReader(lines, delimiter="\t", quoting=csv.QUOTE_NONE)
    out = []
    for row in reader:
        if None in row:
            sys.exit(f"{path}: too many fields in {row}")
        out.append({k: (v or "").strip() for k, v in row.items()})
    return out


# ---------------------------------------------------------------------------
# Clubs


class Clubs:
    """Resolve club ids, names and aliases to ids present in clubs.tsv."""

    AFFIX = {"fc", "cf", "afc", "sc", "ac", "ssc", "cd", "sv", "vfl", "vfb", "bsc", "rc", "ogc",
             "sl", "club", "calcio", "f", "c", "a", "sk", "fk", "kv", "ud", "rcd", "ca", "as", "cr",
             "ec", "se", "hsc", "osc", "fbpa", "sfc", "jk", "tc", "kaa", "krc", "rsc", "ss", "us",
             "the", "de", "1", "04", "05", "1899", "1909", "1913", "1907", "kvc"}

    def __init__(self, path):
        self.ids = set()
        self.index = {}
        self.words = set()  # folded club names and aliases (surname deny list)
        self.unresolved = {}
        if not path.exists():
            return
        rows = read_tsv(path)
        ambiguous = set()
        for r in rows:
            self.ids.add(r["id"])
        for r in rows:
            keys = {r["id"].replace("-", " "), r["name"]}
            for a in r.get("aliases", "").split("|"):
                if a.strip():
                    keys.add(strip_marker(a.strip()))
                    self.words.add(fold(strip_marker(a.strip())))
            self.words.add(fold(r["name"]))
            for k in keys:
                for kk in {fold(k), self.core(k)}:
                    if not kk:
                        continue
                    if kk in self.index and self.index[kk] != r["id"]:
                        ambiguous.add(kk)
                    self.index.setdefault(kk, r["id"])
        for k in ambiguous:
            # an id always wins over another club's alias
            owner = [i for i in self.ids if i.replace("-", " ") == k]
            if owner:
                self.index[k] = owner[0]
            else:
                del self.index[k]

    def core(self, s):
        words = fold(s).split()
        while len(words) > 1 and words[0] in self.AFFIX:
            words = words[1:]
        while len(words) > 1 and words[-1] in self.AFFIX:
            words = words[:-1]
        return " ".join(words)

    def resolve(self, text, source):
        if not text:
            return ""
        text = SQUAD_CLUBS.get(text, text)
        if text in self.ids:
            return text
        for k in (fold(text.replace("-", " ")), self.core(text.replace("-", " "))):
            if k in self.index:
                return self.index[k]
        self.unresolved.setdefault(text, set()).add(source)
        return ""


# ---------------------------------------------------------------------------
# Names


def clean_web_name(w):
    w = w.strip()
    w = re.sub(r"^(?:[^\W\d_]{1,2}\.)+\s*", "", w)     # "N.Jackson", "J.Rak-Sakyi"
    w = re.sub(r"\.\s*[^\W\d_]{1,2}$", "", w)           # "Tóth.A", "Kroupi.Jr"
    w = re.sub(r"\s+[^\W\d_]\.$", "", w)                # "Ederson M.", "Bruno G."
    return w.strip(" .")


HISPANIC = {"Spain", "Argentina", "Uruguay", "Paraguay", "Colombia", "Ecuador", "Mexico", "Peru",
            "Chile", "Venezuela", "Bolivia", "Costa Rica", "Honduras", "Panama"}
LUSO_PARTICLE = re.compile(r"^(dos|da|de|do|das)\s", re.I)

# FPL first/second names whose media name the rules below get wrong.
FPL_NAMES = {
    "Albert|Sambi Lokonga": "Albert Sambi Lokonga",
    "Norberto|Murara Neto": "Neto",
    "Enock|Agyei": "Enock Agyei",
    "Lucas|Tolentino Coelho de Lima": "Lucas Paqueta",
    "Gonçalo Manuel|Ganchinho Guedes": "Goncalo Guedes",
    "Djiamgone Jocelin Ta|Bi": "Jocelin Ta Bi",
    "João Pedro|Ferreira da Silva": "Jota Silva",
    "Luis Eduardo|Soares da Silva": "Cuiabano",
    "Ederson|Santana de Moraes": "Ederson",
    "Alysson Edward Franco|da Rocha dos Santos": "Alysson",
    "Francisco Evanilson|de Lima Barbosa": "Evanilson",
    "Igor Thiago|Nascimento Rodrigues": "Igor Thiago",
    "Valentín|Castellanos": "Valentin Castellanos",
    "Emerson|Palmieri dos Santos": "Emerson Palmieri",
    "Andreas|Hoelgebaum Pereira": "Andreas Pereira",
    "Carlos Miguel|dos Santos Pereira": "Carlos Miguel",
    "Philip|Billing": "Philip Billing",
    "Jordan|Beyer": "Jordan Beyer",
    "Hannibal|Mejbri": "Hannibal Mejbri",
    "Georginio|Rutter": "Georginio Rutter",
    "Odysseas|Vlachodimos": "Odysseas Vlachodimos",
    "Mike|Trésor Ndayishimiye": "Mike Tresor",
    "Eric|da Silva Moreira": "Eric da Silva Moreira",
    "Mads|Roerslev Rasmussen": "Mads Roerslev",
    "Levi|Samuels Colwill": "Levi Colwill",
    "Benoît|Badiashile Mukinayi": "Benoit Badiashile",
    "Ezri|Konsa Ngoyo": "Ezri Konsa",
    "Manuel|Benson Hedilazio": "Manuel Benson",
    "Pierre|Ekwah Elimby": "Pierre Ekwah",
    "Chadi|Riad Dnanou": "Chadi Riad",
    "Bastien|Meupiyou Menadjou": "Bastien Meupiyou",
    "Luís Hemir|Silva Semedo": "Luis Hemir",
    "Vitor|de Oliveira Nunes dos Reis": "Vitor Reis",
    "Gustavo|Nunes Fernandes Gomes": "Gustavo Nunes",
    "Dango|Ouattara": "Dango Ouattara",
    "Junior|Kroupi": "Eli Junior Kroupi",
    "Samuel|Iling-Junior": "Samuel Iling-Junior",
    "Dominic|Solanke-Mitchell": "Dominic Solanke",
    "Jamie|Bynoe-Gittens": "Jamie Gittens",
    "Franco|Umeh-Chibueze": "Franco Umeh",
    "Ian|Poveda-Ocampo": "Ian Poveda",
    "Robert|Lynch Sánchez": "Robert Sanchez",
    "Benjamin|White": "Ben White",
    "Stefan|Ortega Moreno": "Stefan Ortega",
    "Willian|Borges da Silva": "Willian",
    "Welington Damascena|Santos": "Welington",
    "Emerson|Leite de Souza Junior": "Emerson Royal",
    "Carlos Vinícius|Alves Morais": "Carlos Vinicius",
    "Danilo|dos Santos de Oliveira": "Danilo",
    "Jorge Luiz|Frello Filho": "Jorginho",
    "Ângelo Gabriel|Borges Damaceno": "Ângelo Gabriel",
    "Ricardo|Barbosa Pereira": "Ricardo Pereira",
    "Diogo|Teixeira da Silva": "Diogo Jota",
    "Francisco Jorge|Tomás Oliveira": "Chiquinho",
    "Luis Guilherme|Lira dos Santos": "Luis Guilherme",
}
# Short names from FPL that are first names but are how the player is known.
KNOWN_AS = {"Enzo", "Xavi", "Amad", "Tosin", "Adama", "Yeremy", "Hannibal", "Taty", "Tolu", "Jota",
            "Cuiabano", "Emerson", "Andreas", "Georginio", "Odysseas", "Darwin", "Neto", "Jair",
            "Morato", "Savinho", "Alisson", "Ederson", "Evanilson", "Richarlison", "Casemiro",
            "Antony", "Rodri", "Trésor", "Virgil", "Pau", "Bryan", "Son", "Alysson", "Igor"}
WEB_DENY = {"Jordan", "Philip", "Angel", "Raúl", "Raul", "Yasin", "Pau", "Bryan", "Virgil",
            "Andreas", "Odysseas", "Georginio", "Igor", "Rodrigo", "Marc Guiu"}


def fpl_name(r, country):
    first, second = r["first_name"].strip(), r["second_name"].strip()
    key = f"{first}|{second}"
    if key in FPL_NAMES:
        return FPL_NAMES[key]
    if r["known_name"].strip():
        return r["known_name"].strip()
    web = clean_web_name(r["web_name"])
    full = f"{first} {second}"
    if country == "Japan":  # FPL keeps the Japanese order: "Mitoma Kaoru"
        return f"{second} {first}"
    fw, fs, ff = fold(web), fold(second), fold(first)
    if fw in (fs, fold(full)):
        return full
    if " " in web and fold(web).split()[0] == ff.split()[0]:
        return web
    stoks = second.split()
    ftoks = [fold(t) for t in stoks]
    wtoks = fw.split()
    n = len(wtoks)
    for i in range(len(ftoks) - n + 1):
        if ftoks[i:i + n] == wtoks:
            return f"{first} {' '.join(stoks[i:i + n])}"
    if fw in ff.split():
        if LUSO_PARTICLE.match(second):
            return first
        if country in HISPANIC and len(stoks) == 2:
            return f"{first} {stoks[0]}"
        return full
    return full


def surname_aliases(name, nationality):
    """Surname forms writers use for a full name ("Van Dijk|van Dijk")."""
    toks = name.split()
    if len(toks) < 2:
        return []
    if nationality in SURNAME_FIRST and "-" in toks[-1] and len(toks) == 2:
        return [toks[0]]
    # particles before the last word: "van Dijk", "De Bruyne", "van de Ven", "Mac Allister"
    i = len(toks) - 1
    while i > 1 and toks[i - 1].lower() in PARTICLES:
        i -= 1
    # Iberian compound surnames: "Ruiz de Galarreta", "García de Haro"
    if i < len(toks) - 1 and i > 1 and toks[i].lower() in {"de", "del", "da", "dos"} \
            and nationality in HISPANIC | {"Portugal", "Brazil"}:
        i -= 1
    sur = toks[i:]
    if fold(toks[-1]) in {fold(g) for g in GIVEN_NAMES} and i == len(toks) - 1:
        return []
    if len(sur) == 1 or sur[0].lower() not in PARTICLES:
        return [" ".join(sur)]
    # "Van Dijk" starts a sentence, "van Dijk" is how the name is written
    # inside one; a particle written with a capital ("De Bruyne", "El
    # Shaarawy", "Mac Allister") keeps it everywhere
    cap = " ".join([sur[0][0].upper() + sur[0][1:]] + sur[1:])
    low = " ".join(sur)
    return [cap] if cap == low else [cap, low]


# ---------------------------------------------------------------------------
# Sources


def norm_country(c):
    c = " ".join(c.split())
    return COUNTRY_FIX.get(c, c)


def load_fpl(data, clubs):
    regions = dict(EXTRA_REGIONS)
    for r in read_tsv(data / "fpl-vaastav" / "fpl_region_id_to_country_DERIVED.tsv"):
        regions[r["fpl_region_id"]] = norm_country(r["country_guess"])
    recs = {}
    for season in ("2025-26", "2024-25"):
        for r in read_tsv(data / "fpl-vaastav" / f"players_{season}.tsv"):
            code = r["fpl_code"]
            if r["position"] not in ("GK", "DEF", "MID", "FWD"):
                continue  # managers (MGR)
            if season == "2024-25" and code in recs:
                rec = recs[code]
                if not rec["born"] and r["birth_date"] not in ("", "None"):
                    rec["born"] = r["birth_date"]
                if not rec["nationality"]:
                    rec["nationality"] = regions.get(r["fpl_region_id"], "")
                continue
            country = regions.get(r["fpl_region_id"], "")
            name = fpl_name(r, country)
            team = r["team_name"]
            status = r["status"]
            if season == "2025-26":
                club_known = True
                club = "" if status == "u" else clubs.resolve(FPL_TEAMS.get(team, team), "fpl")
            else:
                club_known = True
                club = (clubs.resolve(FPL_TEAMS.get(team, team), "fpl")
                        if team in RELEGATED_2025 and status != "u" else "")
            web = clean_web_name(r["web_name"])
            aliases = []
            if web and fold(web) != fold(name):
                first_tok = fold(name).split()[0] if name.split() else ""
                if web not in WEB_DENY and (fold(web) != first_tok or web in KNOWN_AS):
                    aliases.append(web)
            recs[code] = {
                "source": f"fpl-{season}", "name": name, "aliases": aliases,
                "nationality": country, "position": COARSE_POSITION.get(r["position"], ""),
                "born": "" if r["birth_date"] in ("", "None") else r["birth_date"],
                "club": club, "club_known": club_known, "id": "",
            }
    return list(recs.values())


def load_squads(data, clubs):
    rows = read_tsv(data / "openfootball-squads" / "squads_2021_2024.tsv")
    best = {}
    for r in rows:
        year = r["tournament"].split()[-1]
        key = (fold(r["player_name"]), r["birth_year"])
        if key not in best or year > best[key][0]:
            best[key] = (year, r)
    out = []
    for (k, by), (year, r) in sorted(best.items()):
        recent = year == "2024"
        club_name = r["club_at_tournament"]
        club = clubs.resolve(club_name, "squads") if recent and club_name != "Free agent" else ""
        out.append({
            "source": f"squads-{year}", "name": " ".join(r["player_name"].split()), "aliases": [],
            "nationality": norm_country(r["national_team"]),
            "position": COARSE_POSITION.get(r["position"], ""), "born": r["birth_year"],
            "club": club, "club_known": True, "id": "",
        })
    return out


def load_curated(folder, clubs):
    out = []
    for path in sorted(folder.glob("*.tsv")):
        for r in read_tsv(path):
            if not r.get("name"):
                sys.exit(f"{path}: row without a name: {r}")
            pos = r.get("position", "")
            if pos and pos not in POSITIONS:
                sys.exit(f"{path}: bad position {pos!r} for {r['name']}")
            born = r.get("born", "")
            if born and not re.fullmatch(r"\d{4}(-\d\d-\d\d)?", born):
                sys.exit(f"{path}: bad birth date {born!r} for {r['name']}")
            # club "-": the player's current club is not known; older sources
            # must not fill it in
            club = clubs.resolve(r["club"], path.name) if r.get("club", "-") != "-" else ""
            out.append({
                "source": f"curated/{path.name}", "name": " ".join(r["name"].split()),
                "aliases": [a.strip() for a in r.get("aliases", "").split("|") if a.strip()],
                "nationality": norm_country(r.get("nationality", "")), "position": pos,
                "born": born, "club": club, "club_known": bool(r.get("club")), "id": r.get("id", ""),
            })
    return out


# ---------------------------------------------------------------------------
# Merging


def year_of(b):
    return b[:4] if b else ""


def compatible(a, b):
    """Two records may be the same player: birth years at most one apart and
    the same nationality, where known."""
    ya, yb = year_of(a["born"]), year_of(b["born"])
    if a["nationality"] and b["nationality"] and a["nationality"] != b["nationality"]:
        return False
    return not ya or not yb or abs(int(ya) - int(yb)) <= 1


def similar(a, b):
    """Loose name match for records of the same birth year and nationality:
    "Alisson" / "Alisson Becker", "Ben White" / "Benjamin White"."""
    ta, tb = fold(a).split(), fold(b).split()
    if not ta or not tb:
        return False
    if set(ta) <= set(tb) or set(tb) <= set(ta):
        return True
    return ta[-1] == tb[-1] and len(ta) == len(tb) and ta[0][:3] == tb[0][:3]


def merge(records):
    """records in priority order -> list of clusters (lists of records)."""
    clusters = []
    by_key = {}
    by_strict = {}
    by_year = {}
    for rec in records:
        curated = rec["source"].startswith("curated/")
        keys = {fold(rec["name"]), fold(rec["name"]).replace(" ", "")}
        strict = set()  # keys that need a known, matching birth year on both sides
        if curated:
            keys |= {fold(strip_marker(a)) for a in rec["aliases"] if " " in strip_marker(a)}
            # a one-word alias may be another source's name for the same player
            # ("Savinho" / "Sávio"), never a surname match
            strict = {fold(strip_marker(a)) for a in rec["aliases"] if " " not in strip_marker(a)}
            strict -= keys
        target = None
        if not curated and year_of(rec["born"]):
            for k in sorted(keys):
                for c in by_strict.get(k, []):
                    if all(year_of(o["born"]) == year_of(rec["born"]) for o in c):
                        target = c
                        break
                if target:
                    break
        for k in sorted(keys):
            if target:
                break
            for c in by_key.get(k, []):
                if all(compatible(rec, o) for o in c) and not (
                        curated and c[0]["source"].startswith("curated/")
                        and fold(c[0]["name"]) != fold(rec["name"])):
                    target = c
                    break
            if target:
                break
        year = year_of(rec["born"])
        if target is None and year and not curated:
            for c in by_year.get(year, []):
                nat = next((o["nationality"] for o in c if o["nationality"]), "")
                if nat and rec["nationality"] and nat == rec["nationality"] \
                        and any(similar(rec["name"], o["name"]) for o in c):
                    target = c
                    break
        if target is None:
            target = []
            clusters.append(target)
        elif curated and target[0]["source"].startswith("curated/") \
                and fold(target[0]["name"]) == fold(rec["name"]):
            sys.exit(f"duplicate curated player: {rec['name']} in {rec['source']} and {target[0]['source']}")
        target.append(rec)
        for k in keys:
            lst = by_key.setdefault(k, [])
            if target not in lst:
                lst.append(target)
        for k in strict:
            lst = by_strict.setdefault(k, [])
            if target not in lst:
                lst.append(target)
        if year:
            lst = by_year.setdefault(year, [])
            if target not in lst:
                lst.append(target)
    return clusters


def combine(cluster):
    out = {"sources": [r["source"] for r in cluster]}
    for f in ("name", "nationality", "position"):
        out[f] = next((r[f] for r in cluster if r[f]), "")
    # birth dates: the data sources win over the hand-typed curated values;
    # a bare year is completed by a full date of the same year
    ordered = [r for r in cluster if not r["source"].startswith("curated/")] + \
              [r for r in cluster if r["source"].startswith("curated/")]
    born = next((r["born"] for r in ordered if r["born"]), "")
    if len(born) == 4:
        full = next((r["born"] for r in cluster if len(r["born"]) == 10 and r["born"][:4] == born), "")
        born = full or born
    out["born"] = born
    out["club"] = next((r["club"] for r in cluster if r["club_known"]), "")
    out["id"] = next((r["id"] for r in cluster if r["id"]), "")
    aliases = []
    for r in cluster:
        aliases += r["aliases"]
    out["aliases"] = aliases
    out["curated_aliases"] = [a for r in cluster if r["source"].startswith("curated/") for a in r["aliases"]]
    return out


def main(argv):
    args = list(argv[1:])
    report = "--report" in args
    if report:
        args.remove("--report")
    out_path = REPO / "gazetteers" / "players.tsv"
    clubs_path = REPO / "gazetteers" / "clubs.tsv"
    data = REPO.parent / "shared" / "data"
    i = 0
    while i < len(args):
        if args[i] == "--out":
            out_path = Path(args[i + 1])
            i += 2
        elif args[i] == "--clubs":
            clubs_path = Path(args[i + 1])
            i += 2
        else:
            data = Path(args[i])
            i += 1

    clubs = Clubs(clubs_path)
    curated = load_curated(REPO / "gazetteers" / "curated" / "players", clubs)
    fpl = load_fpl(data, clubs)
    fpl.sort(key=lambda r: r["source"], reverse=True)  # 2025-26 before 2024-25
    squads = load_squads(data, clubs)
    squads.sort(key=lambda r: r["source"], reverse=True)  # 2024 before 2021
    players = [combine(c) for c in merge(curated + fpl + squads)]

    # Drop stale records: 2021-only squad players born before 1993, and players
    # who have retired or died (gazetteers/curated/players/retired.txt), unless a
    # curated file lists them.
    retired = set()
    rpath = REPO / "gazetteers" / "curated" / "players" / "retired.txt"
    if rpath.exists():
        for ln in rpath.read_text(encoding="utf-8").splitlines():
            ln = ln.split("#")[0].strip()
            if ln:
                retired.add(fold(ln))
    kept = []
    for p in players:
        if fold(p["name"]) in retired and not any(s.startswith("curated/") for s in p["sources"]):
            continue
        if p["sources"] == ["squads-2021"] and (not p["born"] or int(p["born"][:4]) < 1993):
            continue
        kept.append(p)
    players = kept

    # Canonical names keep to letters that lose their accents under Unicode
    # decomposition (how names are compared when claims are scored): a name
    # with a letter that has no such form (ı, ð, Đ, Ł, Þ) is written with its
    # plain Latin equivalent, and the original spelling becomes an alias.
    for p in players:
        plain = plain_letters(p["name"])
        if plain != p["name"]:
            p["curated_aliases"] = [p["name"]] + p["curated_aliases"]
            p["name"] = plain

    deny = {fold(w) for w in COUNTRIES + CITIES + OUTLETS} | {fold(w) for w in COMMON_WORDS}
    deny |= clubs.words
    # data aliases (FPL short names) that are first names: "Antonio", "Thomas"
    deny |= {fold(w) for w in GIVEN_NAMES} - {fold(w) for w in KNOWN_AS}
    for p in players:
        name_key = fold(p["name"])
        curated_keys = {fold(strip_marker(a)) for a in p["curated_aliases"]}
        seen = set()
        out = []
        for a in p["curated_aliases"] + surname_aliases(p["name"], p["nationality"]) + p["aliases"]:
            a = " ".join(a.split())
            k = fold(strip_marker(a))
            # "Van Dijk" and "van Dijk" are both kept; accent variants are not
            dkey = (k, strip_marker(a)[:1].islower(), a[:1] == "=")
            if not k or k == name_key or dkey in seen:
                continue
            if k not in curated_keys and k in deny:
                continue
            # "Ui-jo" alone is a given name, not what writers call Hwang Ui-jo
            if k not in curated_keys and p["nationality"] in SURNAME_FIRST \
                    and len(name_key.split()) > 1 and k != name_key.split()[0]:
                continue
            seen.add(dkey)
            out.append(a)
        # a surname of several words ("Kolo Muani", the end of "Randal Kolo
        # Muani") makes its last word alone ("Muani") redundant and wrong
        multi = [fold(strip_marker(a)) for a in out if " " in strip_marker(a)]
        multi = [m for m in multi if name_key.endswith(" " + m)]
        out = [a for a in out if " " in strip_marker(a) or fold(strip_marker(a)) in curated_keys
               or not any(m.endswith(" " + fold(strip_marker(a))) for m in multi)]
        p["aliases"] = out

    # ids: explicit curated ids, else the slug of the name; colliding slugs get
    # the birth year (then the club) appended.
    taken = {p["id"] for p in players if p["id"]}
    groups = {}
    for p in players:
        if not p["id"]:
            groups.setdefault(slug(p["name"]), []).append(p)
    for base, lst in groups.items():
        if len(lst) == 1 and base not in taken:
            lst[0]["id"] = base
            continue
        for p in lst:
            cand = f"{base}-{p['born'][:4]}" if p["born"] else base
            if cand in taken or sum(1 for q in lst if q["born"][:4] == p["born"][:4]) > 1:
                cand = f"{cand}-{p['club']}" if p["club"] else cand
            n = 2
            final = cand
            while final in taken:
                final = f"{cand}-{n}"
                n += 1
            p["id"] = final
            taken.add(final)
    ids = [p["id"] for p in players]
    if len(ids) != len(set(ids)):
        sys.exit("duplicate ids")
    for p in players:
        if not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", p["id"]):
            sys.exit(f"bad id {p['id']!r}")

    players.sort(key=lambda p: p["id"])
    lines = [
        "# Players. Generated by scripts/build_players.py from gazetteers/curated/players/*.tsv",
        "# (hand-curated, one file per league) and public data (Fantasy Premier League 2024-25 and",
        "# 2025-26, openfootball Euro and Copa America squads); see gazetteers/README.md.",
        "# Do not edit by hand: edit the curated files and rebuild.",
        "id\tname\taliases\tnationality\tposition\tborn\tclub",
    ]
    for p in players:
        fields = [p["id"], p["name"], "|".join(p["aliases"]), p["nationality"], p["position"],
                  p["born"], p["club"]]
        for f in fields:
            if "\t" in f or "\n" in f:
                sys.exit(f"bad field in {p}")
        lines.append("\t".join(fields))
    out_path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    n_empty = sum(1 for p in players if not p["club"])
    print(f"wrote {len(players)} players to {out_path} ({n_empty} without a club)", file=sys.stderr)
    if report:
        from collections import Counter
        first = Counter(p["sources"][0].split("/")[0] if p["sources"][0].startswith("curated/")
                        else p["sources"][0] for p in players)
        for k, v in sorted(first.items()):
            print(f"  first source {k}: {v}", file=sys.stderr)
        for k, v in sorted(clubs.unresolved.items()):
            print(f"  unresolved club: {k!r} ({', '.join(sorted(v))})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
