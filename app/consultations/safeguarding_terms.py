"""The built-in ways children and young people say they are not safe.

Screening runs on a normalised copy of the answer (see `normalise`): lower
case, apostrophes dropped ("he's" -> "hes", "don't" and "dont" alike),
every other punctuation mark and hyphen turned into one space. Each rule is
a regular expression over that copy, written with the word forms children
use ("hits", "hit", "hitting"; "self harm", "self-harm", "selfharm") and the
spellings of quick typing ("im", "dont", "wanna", "mam").

Choice about ordinary answers: physical words also appear in games and
accidents ("my mum beats me at chess", "the ball hit me", "I hurt myself
at the skate park"). Rules marked `games=True` do not count when a game,
sport, vehicle or accident word sits within four words after, or three
words before, the match. A young person who names a game in the same breath
as a real disclosure can be missed, so this is only applied to hitting,
hurting and "beat" words; suicidal thoughts, self-harm, sexual abuse,
neglect and bullying are never lowered by context. Where a screen must
choose, it flags: a commissioner reading a false alarm costs minutes, a
missed disclosure can cost a child.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

HARM = "harm"
SELF_HARM = "self_harm"
SUICIDE = "suicide"
SEXUAL_ABUSE = "sexual_abuse"
NEGLECT = "neglect"
BULLYING = "bullying"
COUNCIL_LIST = "council_list"


@dataclass(frozen=True)
class Rule:
    category: str
    pattern: re.Pattern
    games: bool = False  # lowered by a nearby game, sport or accident word
    unless_after: re.Pattern | None = None  # the words straight after undo it
    unless_before: re.Pattern | None = None  # the words straight before undo it


def _rx(text: str) -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + text + r")(?!\w)")


def _tail(text: str) -> re.Pattern:
    return re.compile(r"^\s*(?:" + text + r")(?!\w)")


def _end(text: str) -> re.Pattern:
    return re.compile(r"(?<!\w)(?:" + text + r")\s*$")


ME = r"(?:me|us|meself)"
MYSELF = r"(?:myself|my self|meself|myslef)"
PERSON = (
    r"(?:(?:my |our |me )?(?:little |big |baby |older |younger )?"
    r"(?:mum|mam|mom|mummy|mother|dad|daddy|father|step ?dad|step ?mum|step ?father|"
    r"step ?mother|nan|nana|nanna|gran|grandad|grandma|uncle|aunt|auntie|brother|sister|"
    r"bro|sis|carer|foster carer|boyfriend|girlfriend|partner|cousin|baby|family)s?|"
    r"he|she|they|him|her|them|someone|somebody|people|a man|a woman)"
)
HARM_VERBS = (
    r"hit|hits|hitting|beat|beats|beaten|beating|punch|punches|punched|punching|"
    r"kick|kicks|kicked|kicking|slap|slaps|slapped|slapping|smack|smacks|smacked|smacking|"
    r"hurt|hurts|hurting|thump|thumps|thumped|thumping|batter|batters|battered|battering|"
    r"strangle|strangles|strangled|strangling|choke|chokes|choked|choking|"
    r"whack|whacks|whacked|whacking|belt|belts|belted|belting|"
    r"shove|shoves|shoved|shoving|throttle|throttles|throttled|"
    r"burn|burns|burned|burnt|burning|pinch|pinches|pinched|"
    r"headbutt|headbutts|headbutted|stab|stabs|stabbed|stabbing"
)
PASSIVE_HARM = (
    r"hit|beaten|beat|punched|kicked|slapped|smacked|battered|thumped|belted|strangled|"
    r"choked|whacked|burnt|burned|stabbed|headbutted|hurt"
)
BODY = r"(?:knee|knees|leg|legs|arm|back|head|foot|feet|tooth|teeth|ankle|tummy|stomach|eyes?)"

# Words that make "hit", "beat" or "hurt" ordinary when close by.
_GAME_WORDS_TEXT = """ball balls chess game games gaming fifa football footy match race races
racing cards tennis snooker pool darts monopoly scrabble uno mario xbox playstation ps4 ps5
switch fortnite minecraft roblox quiz running swimming sprint pe netball rounders dodgeball
cricket rugby hockey basketball badminton goal goals score scored points level boss car cars
bus buses bike bikes van lorry scooter accident accidentally skate skating skatepark
trampoline fell fall falling slipped tripped swing swings slide climbing training boxing
karate judo taekwondo kickboxing gym wrestling pillow snowball snowballs balloon"""
GAME_WORDS = frozenset(_GAME_WORDS_TEXT.split())

RULES: tuple[Rule, ...] = (
    # Someone hurting them, or someone at home.
    Rule(
        HARM,
        _rx(rf"(?:{HARM_VERBS})(?: on| into)? {ME}"),
        games=True,
        unless_before=_end(rf"{BODY}|my {BODY}|it|that|this|head|heart|feelings|sun|light"),
        unless_after=_tail(r"up (?:on|with|about|for|later|tomorrow|tonight)|out of|off the"),
    ),
    Rule(
        HARM,
        _rx(
            rf"(?:{HARM_VERBS}) (?:my |our )(?:mum|mam|mom|mummy|mother|dad|sister|brother|"
            r"little brother|little sister|baby|nan|gran|step ?mum|step ?dad|family)s?"
        ),
        games=True,
    ),
    Rule(
        HARM,
        _rx(
            rf"(?:get|gets|got|getting|been|being|was|am|im|i am|keep getting) "
            rf"(?:{PASSIVE_HARM})(?: up)?"
        ),
        games=True,
        unless_after=_tail(r"by (?:a |the )?(?:car|bus|ball|bike|van|lorry|wave|stone)|out|off"),
        # "someone could get hurt" is a worry about the place, not a disclosure.
        unless_before=_end(r"never|not|havent|hasnt|nobody|no one|could|might|may|would|will|can"),
    ),
    Rule(HARM, _rx(r"(?:dont|do not|didnt|never|not|dnt|doesnt|cant|dont ever) feel safe")),
    Rule(
        HARM,
        _rx(
            r"(?:not|isnt|never|aint|arent|unsafe|not really) (?:safe )?(?:at|in) "
            r"(?:home|my house|our house|my home|our home)"
        ),
    ),
    Rule(HARM, _rx(r"(?:not|isnt|never|aint|unsafe|dont feel) safe (?:at |in )?(?:home|my house)")),
    Rule(
        HARM,
        _rx(
            rf"(?:scared|afraid|frightened|terrified|petrified|scared stiff|fear) "
            rf"(?:of|to go|to be|about going|of going|to go back)(?: back)? "
            rf"(?:home|at home|going home|being at home|my house|{PERSON})"
        ),
    ),
    Rule(
        HARM, _rx(r"(?:dont|do not|never|dont ever|dnt) (?:want|wanna) (?:to )?go (?:back )?home")
    ),
    Rule(HARM, _rx(rf"(?:lock|locks|locked|locking) {ME} (?:in|out|up)")),
    Rule(
        HARM,
        _rx(
            r"(?:threaten|threatens|threatened|threatening) (?:me|us|to (?:kill|hurt|hit|"
            r"stab|beat|kick)|my)"
        ),
    ),
    Rule(
        HARM,
        _rx(
            r"(?:said|says|say) (?:he|she|they|hed|shed|theyd|hell|shell|theyll)"
            r"(?: will| would| is going to| was going to| is gonna)? "
            r"(?:kill|hurt|hit|stab|beat) (?:me|us)"
        ),
    ),
    Rule(HARM, _rx(r"throws? (?:things|stuff|plates|bottles) at (?:me|us|my mum|my dad)")),
    Rule(
        HARM,
        _rx(
            r"(?:abuse|abuses|abused|abusing) (?:me|us|my mum|my mam|my dad|my sister|"
            r"my brother)|abusive (?:to|towards|at) (?:me|us|my)"
        ),
    ),
    Rule(HARM, _rx(rf"{PERSON} (?:is|are|was|were|gets|get) (?:really |very |so )?abusive")),
    Rule(
        HARM,
        _rx(
            r"domestic (?:abuse|violence)(?: \w+){0,5} (?:at home|in (?:my|our) "
            r"(?:house|home|family))|(?:at home|in (?:my|our) (?:house|home|family))"
            r"(?: \w+){0,5} domestic (?:abuse|violence)"
        ),
    ),
    # Self-harm.
    Rule(SELF_HARM, _rx(r"self ?harm\w*|self ?injur\w*")),
    Rule(
        SELF_HARM,
        _rx(
            rf"(?:cut|cuts|cutting|hurt|hurts|hurting|harm|harms|harming|burn|burns|burning|"
            rf"burnt|scratch|scratches|scratching|punish|punishing|starve|starving|starved|"
            rf"bang|banging|hit|hitting) {MYSELF}"
        ),
        games=True,
        unless_after=_tail(r"laughing|by accident|accidentally|on (?:a|the) (?:paper|fence)"),
    ),
    Rule(SELF_HARM, _rx(r"(?:cut|cuts|cutting) (?:my|me) (?:wrists?|arms|thighs?|legs|skin)")),
    Rule(SELF_HARM, _rx(rf"(?:make|makes|made|making) {MYSELF} (?:sick|throw up|be sick)")),
    # Suicidal thoughts.
    Rule(SUICIDE, _rx(r"suicid\w*|hunanladdiad"), unless_after=_tail(r"squad")),
    Rule(
        SUICIDE,
        _rx(
            rf"(?:kill|kills|killing|killed|unalive|end|ending) {MYSELF}|kms|kys|unalive|"
            r"unaliving"
        ),
        unless_after=_tail(r"laughing|with laughter|(?:with|doing) (?:homework|revision|work)"),
    ),
    Rule(
        SUICIDE,
        _rx(
            r"(?:want|wanna|wanted|wants|going|gonna|would rather|wish i could|just want) "
            r"(?:to )?(?:die|be dead|not be here|not exist|disappear forever)"
        ),
        unless_after=_tail(
            r"my hair|(?:of|from) (?:boredom|embarrassment|shame|laughing)|laughing"
        ),
    ),
    Rule(
        SUICIDE,
        _rx(
            r"wish (?:i|id) (?:was|were|had) (?:dead|never been born|not born)|"
            r"wish (?:i|id) (?:wasnt|werent|was not|were not) (?:alive|born)|"
            r"wish i was never born"
        ),
    ),
    Rule(SUICIDE, _rx(r"(?:end|ending|take|taking|took) (?:it all|my (?:own )?life|everything)")),
    Rule(
        SUICIDE, _rx(r"better off (?:dead|without me|if i (?:was|were)n?t (?:here|alive|around))")
    ),
    Rule(
        SUICIDE,
        _rx(
            r"(?:dont|do not|dnt|no longer|dont even) (?:want|wanna) (?:to )?"
            r"(?:live|be alive|be here any ?more|exist|wake up|be here)"
        ),
    ),
    Rule(
        SUICIDE,
        _rx(
            r"no (?:point|reason) (?:in |to )?(?:living|being alive|live|going on|"
            r"carrying on|me being here)"
        ),
    ),
    Rule(SUICIDE, _rx(r"(?:nobody|no one|no1|noone) would (?:care|notice|miss me)(?: if i)?")),
    Rule(
        SUICIDE,
        _rx(
            r"cant (?:go on (?:like this|any ?more|living)|take (?:it|this) any ?more|"
            r"cope any ?more|do this any ?more)"
        ),
    ),
    Rule(
        SUICIDE,
        _rx(
            r"overdos\w*|(?:take|took|taking|swallow|swallowed) (?:loads|lots|all|a load|"
            r"a bunch|a handful|a lot) of (?:my |mums |the )?(?:pills|tablets|paracetamol)"
        ),
    ),
    Rule(SUICIDE, _rx(r"jump (?:in front of|under) (?:a|the) (?:train|car|bus|lorry)")),
    # Sexual abuse, grooming and exploitation.
    Rule(
        SEXUAL_ABUSE,
        _rx(rf"(?:touch|touches|touched|touching|grope|groped|groping|gropes) {ME}"),
        unless_before=_end(
            r"(?:it|that|this|story|film|book|song|music|words|speech|show|play)"
            r"(?: really| so| deeply)?"
        ),
    ),
    Rule(
        SEXUAL_ABUSE,
        _rx(
            r"(?:touch|touches|touched|touching) (?:me )?(?:on |in )?(?:my )?"
            r"(?:private|privates|private parts|bum|chest|boobs|willy|vagina|"
            r"down there)"
        ),
    ),
    Rule(
        SEXUAL_ABUSE,
        _rx(
            r"(?:make|makes|made|making|force|forces|forced|forcing) (?:me|us) "
            r"(?:to )?(?:touch|do (?:things|stuff|sexual)|have sex|kiss|undress|"
            r"take (?:my|our) clothes off|sell drugs|carry drugs)"
        ),
    ),
    Rule(
        SEXUAL_ABUSE,
        _rx(
            r"raped|rape (?:me|us)|raping|molest\w*|sexual(?:ly)? (?:abus\w*|"
            r"assault\w*|touch\w*)|groom(?:ed|ing) (?:me|us)"
        ),
    ),
    Rule(
        SEXUAL_ABUSE,
        _rx(
            r"nudes?|naked (?:pictures|photos|pics|videos)|(?:pictures|photos|pics) "
            r"of me naked"
        ),
    ),
    Rule(
        SEXUAL_ABUSE,
        _rx(
            r"(?:man|men|guy|adult|older boys?|someone|somebody|stranger|he) "
            r"(?:keeps|kept|is|has been|keep) (?:messaging|texting|following|"
            r"touching|grabbing|watching|waiting for) me|follows me home"
        ),
    ),
    Rule(
        SEXUAL_ABUSE,
        _rx(
            r"(?:not|never) (?:allowed to|supposed to|to) tell (?:anyone|anybody|"
            r"my mum|my mam|my dad|my teacher)|(?:our|a) little secret|(?:keep|kept) "
            r"(?:it|this) (?:a )?secret (?:from|or)"
        ),
    ),
    Rule(
        SEXUAL_ABUSE,
        _rx(
            r"(?:carry|carrying|sell|selling|deliver|delivering|move|moving) drugs "
            r"for (?:him|her|them|some)"
        ),
    ),
    # Neglect.
    Rule(
        NEGLECT,
        _rx(
            r"(?:no|never any|not any|never enough|not enough) food (?:at|in) "
            r"(?:home|the house|my house|our house)|nothing to eat"
        ),
    ),
    Rule(
        NEGLECT,
        _rx(
            r"(?:dont|do not|never|doesnt|dosnt|didnt|dnt) (?:get|have|got|get given) "
            r"(?:enough |any )?(?:food|anything to eat|dinner|tea|breakfast|to eat|meals)"
        ),
    ),
    Rule(
        NEGLECT,
        _rx(
            r"(?:go|goes|went|going|sent|send me) to (?:bed|school|sleep) hungry|"
            r"(?:always|so|really) hungry (?:at school|all the time|because)|"
            r"hungry all the time|(?:im|i am) always hungry|starving at home"
        ),
    ),
    Rule(
        NEGLECT,
        _rx(
            r"(?:leave|leaves|left|leaving|am left|im left|get left) (?:me |us )?(?:home )?"
            r"(?:alone|on my own|on our own|by myself|by ourselves) (?:all|for|at night|"
            r"overnight|every|over|most|loads|when)"
        ),
    ),
    Rule(
        NEGLECT,
        _rx(
            r"(?:nobody|no one|noone|no1) (?:looks after|feeds|cares about|cares for|"
            r"takes care of|washes|picks me up|is there for) (?:me|us)"
        ),
    ),
    Rule(
        NEGLECT,
        _rx(
            rf"{PERSON} (?:is|are|gets|get|was) (?:always |often |really |so |usually )?"
            r"(?:drunk|high|off (?:her|his|their) face|wasted|stoned)"
        ),
    ),
    Rule(
        NEGLECT,
        _rx(
            rf"{PERSON} (?:drinks|drink|takes drugs|take drugs|does drugs|do drugs) "
            r"(?:all the time|every|and|too much|a lot|loads)"
        ),
    ),
    Rule(
        NEGLECT,
        _rx(r"(?:kicked|kick|kicks|threw|throw|throws|thrown) (?:me|us) out"),
        unless_after=_tail(
            r"of (?:the |a |our )?(?:club|game|team|group|chat|lesson|class|"
            r"library|shop|match|park|pool)"
        ),
    ),
    Rule(
        NEGLECT,
        _rx(
            r"nowhere to (?:sleep|live|stay|go at night)|(?:sleep|sleeping|slept) "
            r"(?:on the streets?|rough|in a car|in the park)|(?:im|i am|we are|were|"
            r"we were|been) homeless"
        ),
    ),
    # Bullying.
    Rule(
        BULLYING,
        _rx(
            r"(?:bully|bullies|bullied|bullying|cyber ?bully|cyber ?bullies|"
            r"cyber ?bullied|cyber ?bullying) (?:me|us)|cyber ?bullied"
        ),
    ),
    Rule(
        BULLYING,
        _rx(
            r"(?:being|been|get|gets|getting|got|am|im|was|keep getting|still) "
            r"(?:bullied|picked on|cyber ?bullied)"
        ),
        unless_before=_end(r"never|not|havent|hasnt|nobody|no one|never been|not been"),
    ),
    Rule(
        BULLYING,
        _rx(r"bullied (?:at|in|online|every|because|by|for|on)"),
        unless_before=_end(r"(?:never|not|havent|hasnt|nobody|no one)(?: been| got| get)?"),
    ),
    Rule(BULLYING, _rx(r"(?:pick|picks|picking|picked) on (?:me|us)")),
    Rule(
        BULLYING,
        _rx(
            r"(?:call|calls|calling|called) (?:me|us) (?:names|fat|ugly|gay|stupid|"
            r"a freak|freak|a slag|slag|a loser|loser|a retard|retard|horrible)"
        ),
    ),
    Rule(BULLYING, _rx(r"(?:beat|beats|beaten|beating|battered) (?:me |us )?up|jumped (?:me|us)")),
    Rule(
        BULLYING,
        _rx(
            r"(?:nobody|no one|noone|no1) (?:talks to|speaks to|plays with|likes|"
            r"sits with|wants to be friends with) (?:me|us)"
        ),
    ),
    Rule(BULLYING, _rx(r"(?:everyone|they|people|all|everybody) (?:laugh|laughs|laughing) at me")),
    Rule(
        BULLYING,
        _rx(
            r"(?:spread|spreading|spreads|post|posted|posting|shared|sharing|share) "
            r"(?:rumours|lies|pictures|photos|videos|pics) (?:about|of) me"
        ),
    ),
    Rule(
        BULLYING,
        _rx(
            r"(?:take|takes|took|steal|steals|stole|nick|nicks|nicked) my "
            r"(?:lunch|dinner) money"
        ),
    ),
    # Welsh: the common ways of saying the same, after normalising
    # ("teimlo'n" becomes "teimlon").
    Rule(
        HARM,
        _rx(
            r"ddim yn teimlo ?n ddiogel|ddim yn ddiogel (?:adref|gartref|adra|adre|"
            r"gartre)|ofn mynd (?:adref|adre|adra|gartref|gartre)"
        ),
    ),
    Rule(HARM, _rx(r"fy (?:nharo|mwrw|mrifo|nghuro|nghicio|ngham ?drin|mhwnio|nhaflu)")),
    Rule(SEXUAL_ABUSE, _rx(r"fy nghyffwrdd|cyffwrdd (?:a |â )?fi")),
    Rule(SELF_HARM, _rx(r"hunan ?niweid\w*|(?:niweidio|brifo|torri) fy hun")),
    Rule(SUICIDE, _rx(r"lladd fy hun|(?:eisiau|isio|moyn|eisie) marw")),
    Rule(NEGLECT, _rx(r"dim bwyd (?:adref|gartref|adra|adre|yn y ty|yn y tŷ)")),
    Rule(BULLYING, _rx(r"fy mwlio|bwlio fi|cael fy mwlio")),
)


def normalise(text: str) -> str:
    """Lower case, apostrophes dropped, every other mark a single space."""
    text = (text or "").lower()
    text = re.sub(r"['’‘`´ʼ]", "", text)
    return " ".join(re.sub(r"[^\w]+|_", " ", text).split())


def _near_game(before: str, after: str) -> bool:
    words = before.split()[-3:] + after.split()[:4]
    return any(word in GAME_WORDS for word in words)


def concern(text: str) -> str | None:
    """The first kind of concern the built-in list finds in `text`, or None."""
    cleaned = normalise(text)
    if not cleaned:
        return None
    for rule in RULES:
        for found in rule.pattern.finditer(cleaned):
            before, after = cleaned[: found.start()], cleaned[found.end() :]
            if rule.games and _near_game(before, after):
                continue
            if rule.unless_after and rule.unless_after.search(after):
                continue
            if rule.unless_before and rule.unless_before.search(before):
                continue
            return rule.category
    return None


def phrase_pattern(phrase: str) -> re.Pattern | None:
    """A council-added phrase matched whole, whatever the case, apostrophes,
    hyphens or spaces between its words ("self harm" finds "self-harm" and
    "selfharm")."""
    words = normalise(phrase).split()
    if not words:
        return None
    return _rx(" ?".join(re.escape(word) for word in words))
