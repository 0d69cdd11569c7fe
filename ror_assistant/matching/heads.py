"""The head of a unit description: which words say what the unit *is*, which say where it sits.

« Le service de cardiologie accueille… », « l'unité de rythmologie du pôle de cardiologie »,
« en étroite collaboration avec le centre antipoison »: in a sentence copied from a hospital
page, the noun phrase after « unité / service / centre … de » names the activity; the service,
pôle or establishment around the unit, and the partners it works with, do not. The matcher
weighs the words of a description accordingly (:func:`head_weights`), and reads neither the
mode nor the champ in the stays, homes and partners a description names besides the unit
(:func:`without_other_stays`, :func:`without_partners`).
"""

from __future__ import annotations

import re

from ror_assistant.matching.mode_phrases import phrase_text
from ror_assistant.matching.normalize import PLACES, normalize
from ror_assistant.textfold import fold

HEAD_BOOST = 1.5
"""Weight of the words naming what a unit is *of* (« service de cardiologie », « unité dédiée aux
… »): in a description, the head noun phrase says the activity, the rest describes it."""
CONTAINER_WEIGHT = 0.5
"""Weight of the words naming the service, pôle or département *around* a unit the description
names (« le service de cardiologie accueille l'unité de médecine vasculaire »): where the unit
sits, not what it does."""

_SEGMENT = re.compile(r"[,:;]")
FIRST_SEGMENT_WORDS = 4
"""Longest first segment (in significant words) of a listing answer read as its head."""
LISTING_SEGMENTS = 3
"""Fewest comma-separated segments of an answer read as a listing (a name, then what it does)."""
_NOT_A_NAME = frozenset({
    "le", "la", "les", "l", "un", "une", "des", "du", "de", "d", "notre", "nos", "ce", "cet", "cette", "ces", "c",
    "on", "nous", "il", "elle", "ils", "elles", "dans", "au", "aux", "en", "pour", "avec", "chez", "a",
    "adultes", "adulte", "enfants", "enfant", "ados", "adolescents", "patients", "patientes", "personnes",
    "residents", "femmes", "hommes", "jeunes", "bebes", "nourrissons", "familles", "aidants", "usagers"})
"""First words of a segment that is no unit name: articles, pronouns, prepositions, a public."""

_HEAD_PHRASE = re.compile(
    r"\b(?:unites?|services?|poles?|centres?|hopitaux de jour|hopital de jour|departements?|cliniques?|instituts?"
    r"|federations?|filieres?|consultations?|equipes?|plateaux?|plateformes?|lits|places)"
    r"(?: (?:medicale?s?|specialisee?s?|hospitaliere?s?|mobiles?|regionale?s?|regionaux|departementale?s?"
    r"|departementaux|territoriale?s?|territoriaux|nationale?s?|nationaux|universitaires?|intersectoriel(?:le)?s?))?"
    r" (?:de la |de l |d |de |des |du |en |pour )"
    r"((?:(?:de la |de l |d |de |des |du )?[a-z0-9-]+ ?){1,4})"
    r"|\b(?:dedie(?:e|s|es)?|consacre(?:e|s|es)?) (?:a la |a l |au |aux |a )((?:[a-z0-9-]+ ?){1,3})"
    r"|\bspecialise(?:e|s|es)? (?:dans|en) (?:la |l |le |les )?((?:[a-z0-9-]+ ?){1,3})"
    r"|\bprise en charge (?:de la |de l |d |de |des |du )((?:[a-z0-9-]+ ?){1,3})"
    r"|\b(?:unites?|services?|hopital de jour|hopitaux de jour|consultations?|equipes? mobiles?) "
    r"([a-z-]+(?:iques?|ales?|aires?|aux)\b(?: [a-z-]+(?:iques?|ales?|aires?|aux)\b)?)"
    r"|\bunites? , ([a-z-]+) ,")
_UNIT_NOUN = re.compile(r"\bunites? ")
_MEETING = re.compile(r"\b(?:(en|avant|apres|lors|au|aux) (?:la |une |des |les |l )?)?"
                      r"(rcp|reunions? de concertation(?: pluridisciplinaires?)?|concertations? pluridisciplinaires?"
                      r"|reunions? pluridisciplinaires?|staffs? (?=(?:d |de |des )?(?:onco|cancero|carcino)))")
"""« La RCP de sénologie… », « On tient une réunion de concertation pour… », « le staff d'onco
digestive »: a meeting named as what the unit does. After « en », « avant », « après » (« tout
passe en RCP avant ») it is a step of another unit's care, not the unit."""
_CONTAINER_NOUN = re.compile(r"\b(?:services?|poles?|departements?|cliniques?|instituts?|federations?|filieres?"
                             r"|etablissements?(?: publics?)?|(?:centres?|groupes?) hospitaliers?(?: universitaires?)?)"
                             r" (?:de la |de l |d |de |des |du )")
_PARTNER = re.compile(r"\b(?:(?:en )?(?:etroite )?(?:collaboration|lien|partenariat|relation|liaison|convention) (?:etroite )?avec"
                      r"|par l intermediaire d\w*|en provenance d\w*"
                      r"|travaill\w* (?:en lien |en collaboration )?avec|(?:adresse|envoye|oriente)\w* par"
                      r"|a partir (?=(?:des|du|de la|de l) )"
                      r"|transfere\w* (?:en|vers|dans)|avec l appui d\w*"
                      r"|(?:entree?s?|admis\w*|arrive\w*) (?:\w+ )?(?:par|via)|(?:directement )?depuis(?= (?:les?|la|l) ))"
                      r"\b([^,.;:()]*)")
"""« en étroite collaboration avec le Centre antipoison », « adressés par les urgences », « entrées
surtout par les urgences », « directement depuis les urgences »: the structure named there works
with the unit or sends it its patients; it is not the unit."""
_OTHER_STAY = re.compile(r"\b(?:apr[eè]s|avant|[eé]viter|[eé]vitant|suite [aà]|vers|alternative [aà]|plut[oô]t\s+que(?:\s+de|\s+d['’])?"
                         r"|(?:une|d['’]\s*une)\s+place\s+(?:en|d['’]|de|dans)"
                         r"|venant(?:\s+directement)?\s+(?:des?|du|d['’])|sous\s+la\s+r[eé]gulation"
                         r"|sorties?(?=\s+(?:d['’]\s*h|de\s+l['’]\s*h|de\s+r[eé]a))|sort\w*(?=\s+d['’]\s*h)|retours?(?=\s+(?:d['’]\s*h|de\s+l['’]\s*h)))(?!\s+\d)"
                         r"(?:\s+[^\s,;:.()]+){1,6}", re.IGNORECASE)
_HOME_ELSEWHERE = re.compile(r"\b(?:(?:retour|viv\w*|habit\w*|rest\w*)(?:\s+(?:toujours|encore|seule?s?))?\s+(?:[aà]\s+(?:leur\s+|son\s+)?domicile|au\s+domicile|[aà]\s+la\s+maison"
                             r"|chez\s+(?:eux|elles|soi|lui|elle))|(?:de|depuis)\s+chez\s+(?:eux|elles|soi|lui|elle))\b"
                             r"(?:\s+ou\s+(?:en|[aà]|au|dans|vers)\s+(?:(?:un|une|le|la|l['’])\s*)?[^\s,;:.()]+)?",
                             re.IGNORECASE)


_SOMEONE_ELSE_S_STAY = re.compile(r"\b(?:l['’]\s*|les\s+|leurs?\s+|son\s+|sa\s+)?(?:aidants?|conjoints?|proches?|parents?|familles?)"
                                  r"\s+(?:est|sont|a\s+[ée]t[ée]|ont\s+[ée]t[ée])\s+hospitalis\w*", re.IGNORECASE)
"""« quand l'aidant est hospitalisé »: the stay of someone else than the unit's patients."""


_NEGATED_STAY = re.compile(r"\bn(?:e\s+|['’ ]\s*)(?:les\s+|l['’]\s*)?(?:hospitalis|h[ée]berg|gard)\w*\s+(?:personne|pas|jamais|plus|aucun\w*)\b",
                           re.IGNORECASE)
"""« Nous n'hospitalisons personne », « on n'héberge pas », « on ne garde personne »: a stay the
unit says it does not offer."""


_NEGATED_STAY_NOUN = re.compile(r"\b(?:jamais|pas|aucune?|ni)\s+(?:d['’]\s*|de\s+)?(?:hospitalisations?|h[ée]bergements?|nuit[ée]es?)\b",
                                re.IGNORECASE)


_NEGATED_PLACE = re.compile(r"\b(?:pas|jamais|ni|rien)\s+(?:(?:du\s+tout|non\s+plus)\s+)?"
                            r"(?:(?:de\s+|d['’]\s*)?(?:visites?|d[ée]placements?|interventions?|soins|consultations?|passages?)\s+)?"
                            r"(?:[aà]|au|aux|en|dans|chez)\s+(?:(?:le|la|les|l['’]|leur|leurs|son|sa|ses|nos|notre|un|une|des)\s*)?"
                            + PLACES, re.IGNORECASE)
"""« pas à domicile », « jamais en EHPAD », « ni dans les services », « pas de visites chez eux »: a
place the unit says it does not go to or receive in."""


def without_negated_places(text: str) -> str:
    """``text`` without the places it denies, for the mode cues: « on intervient dans les services
    de l'hôpital, *pas à domicile* » is an intra-hospital team, whatever « domicile » would say
    alone (normalisation reads the same denial as « sans domicile », :mod:`.normalize`)."""
    return _NEGATED_PLACE.sub(" , ", text)


def without_negated_stays(text: str) -> str:
    """``text`` without the stays it denies (« uniquement en consultation, *jamais
    d'hospitalisation* »), for the mode cues: a stay named only to be denied is no cue of the
    unit's mode. (The told modes keep them: « sans hospitalisation » tells a day unit.)"""
    return _NEGATED_STAY_NOUN.sub(" , ", text)


_PROFESSION = (r"(?:m[ée]decins?|infirmi[eè]re?s?|infirmiers?|idec?s?|aides?[- ]soignant(?:e|es|s)?|psychologues?"
               r"|neuropsychologues?|orthophonistes?|psychomotricien(?:ne)?s?|ergoth[ée]rapeutes?|kin[ée]sith[ée]rapeutes?"
               r"|di[ée]t[ée]ticien(?:ne)?s?|assistant(?:e)?s? social(?:e|es|s|aux)?|[ée]ducat(?:eur|rice)s?"
               r"(?: sp[ée]cialis[ée]e?s?)?|[ée]ducs?|secr[ée]taires?|b[ée]n[ée]voles?|moniteurs?|monitrices?"
               r"|pu[ée]ricultrices?|auxiliaires? de pu[ée]riculture|orthoptistes?|enseignant(?:e)?s?"
               r"|art-?th[ée]rapeutes?|socio-?esth[ée]ticien(?:ne)?s?)")
_STAFF_ITEM = (r"(?:(?:un|une|des|deux|trois|quatre|cinq|six|sept|huit|neuf|dix|\d+(?:[,.]\d+)?|l['’]|la|le|les|nos|notre"
               r"|leurs?|etp)\s*){0,3}" + _PROFESSION
               + r"(?:\s+(?:[àa] mi-temps|[àa] temps partiel|coordinat(?:eur|rice)s?|de coordination|d['’]accueil))?")
_STAFF = re.compile(r"\b" + _STAFF_ITEM + r"(?:\s*(?:,|\bet\b|\bavec\b|\bplus\b|\bainsi que\b|\+)\s*" + _STAFF_ITEM + r")+\b",
                    re.IGNORECASE)


def without_staff(text: str) -> str:
    """``text`` without the staff it lists, for the activité: « médecin, deux infirmières et une
    psychologue », « avec psychologue et bénévoles », « l'orthophoniste et la psychomotricienne »
    say who works in the unit, not what it does — each alone read Suivi psychologique,
    Orthophonie, Soins infirmiers. Two professions at least, so that « consultations de
    psychologue » or « l'orthophoniste reçoit les enfants » keep their reading; a specialist
    physician (« pédopsychiatre, psychologues et orthophoniste ») stays, naming the specialty."""
    return _STAFF.sub(" , ", text)


def without_partners(folded: str) -> str:
    """``folded`` without the structures named as partners (:data:`_PARTNER`): « en lien avec
    l'EHPAD ou le SSIAD » names who the unit works with, not what it is."""
    return _PARTNER.sub(" , ", folded)


_STRUCTURES = r"(?:ehpad|foyers?|residences?|etablissements?|structures?|maisons? de retraite|ssiad)"
_SERVED = re.compile(r"\b(?:(?:avec|aux|pour|entre) (?:les |des |nos |leurs |ces )?(?:[a-z]+ (?:et|ou) (?:les |des |nos |leurs |ces )?)?"
                     + _STRUCTURES
                     + r"|(?:les|des|ces) " + _STRUCTURES + r"(?= (?:nous|du|de la|alentour|voisins|partenaires"
                     r"|environnants|du territoire|du secteur))"
                     r"|(?:infirmieres?|medecins?|equipes?|personnels?|soignants?|aides?-soignantes?|directeurs?"
                     r"|directrices?) (?:de l|de la|du|des|d|de nos|de leurs) " + _STRUCTURES
                     + r"|(?<=services) et (?:aux |aussi aux )?urgences|(?<=services de l hopital) et (?:aux |aussi aux )?urgences"
                     r")\b")


def without_served(text: str) -> str:
    """``text`` (folded) without the structures the unit serves or works with, for its mode:
    « téléexpertise *avec les EHPAD* », « *les EHPAD nous* transmettent les ECG », « *l'infirmière
    de l'EHPAD* » name where the patients live, not an hébergement of the unit. The unit's own
    structure is said in the singular, as itself (« l'EHPAD », « notre foyer », « AJ de l'EHPAD »);
    a team going *dans les* or *en* EHPAD is read by its own entries."""
    folded = phrase_text(text)
    return _SERVED.sub(" , ", folded) if _SERVED.search(folded) else text


def without_other_stays(text: str) -> str:
    """``text`` without the stays, structures or homes it names besides the unit's: « réadaptation
    … *après* infarctus ou chirurgie cardiaque », « *pour éviter* une hospitalisation », « *plutôt que de* garder le malade dans un lit »,
    « orientation *vers* l'hébergement d'urgence », « attendent *une place en* EHPAD », « *venant des* urgences », « *sous la régulation* du SAMU », « *sortie d'*hospit », « *retour d'*hôpital » (six words at most), « le *retour à domicile* »,
    des personnes *vivant à domicile*, « quand *l'aidant est hospitalisé* », un médecin d'astreinte *de chez lui*, « nous *n'hospitalisons personne* ». Their
    mode cues and champ words are not the unit's."""
    text = _SOMEONE_ELSE_S_STAY.sub(" , ", without_negated_places(text))
    return _OTHER_STAY.sub(" , ", _HOME_ELSEWHERE.sub(" ", _NEGATED_STAY.sub(" , ", text)))


_ACRONYM_SUBJECT = re.compile(r"^\W*(?:Le|La|Les|L['’])\s*([A-ZÀ-Ý][A-ZÀ-Ý0-9]{1,7})\b")
_NAMED_SUBJECT = re.compile(r"^\W*(?:Le|La|Les|L['’])\s*(?!(?:Clinique|H[ôo]pital|Centre|Institut|Maison|[ÉE]tablissement"
                            r"|Fondation|Association|R[ée]sidence|Groupe|Service|P[ôo]le|Unit[ée])\b)([A-ZÀ-Ý][\w-]+)"
                            r"\s+(?:prend|prennent|accueill\w*|assure\w*|propose\w*|re[çc]oi\w*|dispose\w*|r[ée]alise\w*"
                            r"|offre\w*|est|sont)\b")
"""« La Réanimation prend en charge… »: a capitalised name subject of the first verb is the unit
(an establishment's name is no head: its words stay where they are weighed)."""
_SPOKEN_SUBJECT = re.compile(r"^\W*(?:(?:bon |ben |euh |alors |donc )*(?:on est|nous sommes|nous on est|ici c est|c est)"
                             r"|moi je suis [a-z-]+ (?:a|au|aux|dans)) (?:les |le |la |l |un |une |des |au |aux )"
                             r"(?:(?:petite?s?|grande?s?|gros|grosse|nouvel(?:le)?s?|nouveaux?|seule?s?|vraie?s?|jeunes?) )?"
                             r"(?!(?:unites?|services?|centres?|equipes?|poles?|hopital|hopitaux|plateaux?|plateformes?"
                             r"|departements?|structures?|etablissements?|lieux?) )((?:[a-z0-9-]+ ?){1,3})")
"""« On est les urgences d'un hôpital de proximité… », « C'est la réa… », « Moi je suis PH à
l'UHCD… »: how a person answering the opening question names the unit first."""
_PROFESSION_SUBJECT = re.compile(
    r"^\W*(?:(?:le|la|les|l|notre|nos|un|une|des) )?"
    r"((?:kines?|kinesitherapeutes?|ergos?|ergotherapeutes?|infirmier(?:e|s|es)?|ide|ipa|dieteticien(?:ne)?s?"
    r"|orthophonistes?|orthoptistes?|psychomotricien(?:ne)?s?|puericultrices?|sages? femmes?)"
    r")(?: (?:diplomee?s?|specialisee?s?|referente?s?))?(?: (?:en|de la|de l|d|de|du|des) ([a-z0-9-]+))?")
"""« La kiné en gériatrie, on travaille la marche… », « Infirmières en neuro : … », « Le kiné fait
de la rééducation périnéale »: a description whose subject is a care profession says that
profession's work, in the field named right after it (a « P orientation S » label). A person
saying their own trade (« Je suis infirmière à l'USIC ») names the unit after it, not the trade."""
_PLACE_SUBJECT = re.compile(r"^\W*(?:au|aux|a la|a l|dans (?:l|la|le|les|notre|nos))"
                            r" (?!(?:pharmacie|labo|laboratoire|centre|hopital|clinique|etablissement|maison|cabinet)\b)"
                            r"((?:[a-z0-9-]+ ){1,3}?)(?:on|nous|c est|il y a|,)(?= )")
"""« Aux urgences pédiatriques on fonctionne H24… », « Au CMPP on a une file active… », « Dans l'UCC
on prend… »: the place a spoken answer starts from is the unit; not a structure that houses
several (« À la pharmacie on fabrique les préparations… », « Au centre dentaire… »)."""
_PARTNER_STOP = re.compile(r"\b(?:pour|qui|afin|dont|lorsque|quand|si)\b.*")
_HEAD_STOP = re.compile(r"\b(?:et|ou|qui|pour|avec|dans|sur|par|a|au|aux|est|sont|en"
                        r"|services?|poles?|departements?|etablissements?|sites?|hopital|hopitaux"
                        r"|permet\w*|propose\w*|accueill\w*|assure\w*|offre\w*|dispose\w*|prend|prennent"
                        r"|realise\w*|comprend\w*|comporte\w*|regroupe\w*|situee?s?|ouverte?s?|a|ont|vise\w*)\b.*")
"""Where a head phrase ends: a link word, a verb (« l'unité mobile de gériatrie *permet* de
diffuser… »), or the structure around the unit (« l'unité de rythmologie *du pôle* de
cardiologie »)."""


def _listing_head(text: str) -> list[str]:
    """« cardio HC 24 lits, insuf cardiaque, troubles du rythme, adultes »: an answer that names
    the unit, then lists what it treats, is headed by its first segment, when that is a name (no
    article or pronoun before it: « On opère le tube digestif, … » is a sentence; no public:
    « Adultes handicapés psychiques, … » says who, not what)."""
    segments = _SEGMENT.split(text)
    if len(segments) < LISTING_SEGMENTS:
        return []
    first = fold(segments[0]).replace("'", " ").split()
    if not first or first[0] in _NOT_A_NAME:
        return []
    words = normalize(_HEAD_STOP.sub("", " ".join(first))).words
    return [word.text for word in words] if len(words) <= FIRST_SEGMENT_WORDS else []


def _folded(text: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"[^a-z0-9' -]+", " , ", fold(text)).replace("'", " "))


def names_its_unit(text: str) -> bool:
    """The description names the unit it is about (« Le centre de sénologie, c'est… », « On est
    les urgences… », « Le CMP accueille… »): what else it mentions (« le dossier passe en RCP »)
    is a step of that unit's work."""
    folded = _folded(text)
    return bool(_HEAD_PHRASE.search(folded) or _SPOKEN_SUBJECT.match(folded) or _PLACE_SUBJECT.match(folded)
                or _ACRONYM_SUBJECT.match(text))


def profession_subject(text: str) -> frozenset[str]:
    """Folded words of the care profession a description is about (« *La kiné* en gériatrie, on
    travaille… », « *Infirmières* en neuro : … »), empty when its subject is no profession. Not a
    head weight: the profession word would then favour the bare profession (Kinésithérapie) over
    its orientation; it only says that the unit's work is a label naming that profession."""
    found = _PROFESSION_SUBJECT.match(_folded(text))
    return frozenset() if found is None else frozenset(word.text for word in normalize(found.group(1)).words)


def head_weights(text: str) -> dict[str, float]:
    """Folded words of the head noun phrase(s) of a description, with their weight: what follows
    « unité / service / pôle / centre / hôpital de jour / département / N lits de », « dédié(e) à »,
    « consacré à », « spécialisé dans », « prise en charge de/des », the adjectives right after
    a unit noun (« hôpital de jour gériatrique »), an acronym subject of the
    first sentence (« Le CMP accueille… ») (up to three words, stopping
    at et, ou, qui, pour…) weighs :data:`HEAD_BOOST`. « Service de cardiologie accueillant des
    patients… » → {cardiologie: 1.5}. When a unit is named inside a larger structure (« le
    service de cardiologie accueille l'unité de médecine vasculaire », « l'unité de chirurgie
    bariatrique du département de chirurgie digestive et transplantation »), the unit is what is
    described: the words from the structure's name up to the next unit named (or the end) weigh
    :data:`CONTAINER_WEIGHT`, except the unit's own; so do the words of a partner it works with
    (« en collaboration avec le centre antipoison », « adressés par leur cardiologue »)."""
    folded = _folded(text)
    weights: dict[str, float] = {}
    unit_words: set[str] = set()
    for match in _HEAD_PHRASE.finditer(folded):
        phrase = _HEAD_STOP.sub("", next(group for group in match.groups() if group))
        words = {word.text for word in normalize(phrase).words}
        weights.update(dict.fromkeys(words, HEAD_BOOST))
        if _UNIT_NOUN.match(match.group(0)):
            unit_words |= words
    for match in _MEETING.finditer(folded):
        if match.group(1) is None:
            for word in normalize(match.group(2)).words:
                weights.setdefault(word.text, HEAD_BOOST)
    for word in _listing_head(text):
        weights.setdefault(word, HEAD_BOOST)
    spoken = _SPOKEN_SUBJECT.match(folded) or _PLACE_SUBJECT.match(folded)
    if spoken is not None:
        for word in normalize(_HEAD_STOP.sub("", spoken.group(1))).words:
            weights.setdefault(word.text, HEAD_BOOST)
    profession = _PROFESSION_SUBJECT.match(folded)
    if profession is not None and profession.group(2):  # « la kiné en *gériatrie* »
        for word in normalize(_HEAD_STOP.sub("", profession.group(2))).words:
            weights.setdefault(word.text, HEAD_BOOST)
    subject = _ACRONYM_SUBJECT.match(text) or _NAMED_SUBJECT.match(text)
    if subject is not None:  # « Le CMP accueille… », « La Réanimation prend en charge… »: the unit
        for word in normalize(subject.group(1)).words:
            weights.setdefault(word.text, HEAD_BOOST)
    for match in _PARTNER.finditer(folded):
        # even when named as a service (« par l'intermédiaire du service des urgences »)
        for word in normalize(_PARTNER_STOP.sub("", match.group(1))).words:
            weights[word.text] = CONTAINER_WEIGHT
    units = [match.start() for match in _UNIT_NOUN.finditer(folded)]
    if units:
        for start in (match.start() for match in _CONTAINER_NOUN.finditer(folded)):
            end = min([position for position in units if position > start], default=len(folded))
            for word in normalize(folded[start:end]).words:
                if word.text not in unit_words:
                    weights[word.text] = CONTAINER_WEIGHT
    return weights
