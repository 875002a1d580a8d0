/*
 * cmd_ops.c - operations commands: generated national demo data, backup and
 * restore.
 *
 * demo-data writes profile interchange files (docs/profile-format.md) that
 * look like a national data set: SWVs spread over the provinces, boards,
 * places and schools with Dutch-looking generated names, coordinates and
 * postcodes inside the right region, several school years with drafts and
 * stale schools, facts and prose generated from the same facts (so the text
 * agrees with the facts and full-text search has something to find).  The
 * output depends only on the arguments: the generator has its own PRNG
 * (splitmix64), and each SWV is generated from its own sub-seed so a file
 * per SWV can be written and freed one at a time.
 */
#include <errno.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "cli.h"
#include "core/buf.h"
#include "core/taxonomy.h"
#include "core/util.h"
#include "store/store_file.h"
#include "store/store_ops.h"

/* First calendar year of the newest published school year in generated
 * data (2026 = 2026/2027).  Fixed rather than taken from the clock so that a
 * seed always gives the same bytes. */
#define DEMO_YEAR 2026

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* ------------------------------------------------------------------ */
/* PRNG: splitmix64.  Small, fast, good enough for data generation and,
 * unlike rand(), the same on every platform. */

struct rng {
	uint64_t s;
};

static uint64_t rng_next(struct rng *r)
{
	uint64_t z = (r->s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* Uniform in [0, n); n > 0.  The modulo bias is irrelevant at these sizes. */
static unsigned rng_below(struct rng *r, unsigned n)
{
	return (unsigned)(rng_next(r) % n);
}

/* Uniform in [lo, hi]. */
static int rng_range(struct rng *r, int lo, int hi)
{
	return lo + (int)rng_below(r, (unsigned)(hi - lo + 1));
}

static double rng_unit(struct rng *r)
{
	return (double)(rng_next(r) >> 11) / 9007199254740992.0;
}

static bool rng_chance(struct rng *r, double p)
{
	return rng_unit(r) < p;
}

/* A generator for sub-task `idx` of the run with `seed`: independent
 * streams, so generating SWV 40 does not depend on how SWV 39 went. */
static struct rng rng_sub(uint64_t seed, uint64_t idx)
{
	struct rng r = {seed * 0x2545f4914f6cdd1dULL + idx * 0x9e3779b97f4a7c15ULL + 1};
	rng_next(&r);
	return r;
}

#define PICK(r, a) ((a)[rng_below((r), NELEM(a))])

/* ------------------------------------------------------------------ */
/* Word tables. */

/* Provinces: a box inside the province (lat/lon) and a postcode range, so
 * generated coordinates and postcodes agree roughly with reality. */
static const struct province {
	const char *name;
	double lat0, lat1, lon0, lon1;
	int pc0, pc1;
	int weight; /* share of SWVs, roughly by population */
} provinces[] = {
    {"Groningen", 53.10, 53.40, 6.35, 7.05, 9500, 9999, 3},
    {"Friesland", 52.90, 53.30, 5.50, 6.20, 8400, 9299, 4},
    {"Drenthe", 52.70, 53.00, 6.25, 6.95, 7800, 7999, 3},
    {"Overijssel", 52.22, 52.58, 6.10, 6.90, 7400, 7699, 6},
    {"Flevoland", 52.32, 52.65, 5.25, 5.80, 8200, 8299, 2},
    {"Gelderland", 51.88, 52.32, 5.65, 6.55, 6600, 7299, 10},
    {"Utrecht", 51.98, 52.22, 4.90, 5.45, 3400, 3999, 7},
    {"Noord-Holland", 52.32, 52.88, 4.65, 5.05, 1000, 1999, 14},
    {"Zuid-Holland", 51.82, 52.22, 4.25, 4.85, 2200, 3399, 17},
    {"Zeeland", 51.33, 51.65, 3.65, 4.05, 4300, 4599, 2},
    {"Noord-Brabant", 51.38, 51.68, 4.55, 5.85, 4600, 5799, 14},
    {"Limburg", 50.85, 51.35, 5.78, 6.02, 5900, 6499, 6},
};

static const char *const syl_start[] = {
    "Bre", "Ha", "Ede", "Wa", "Lo", "Gel", "Vel", "Ter", "Ra", "Zut", "Hil", "Al", "Ber", "Dor", "Em",
    "Mep", "Har", "Stap", "Win", "Gro", "Leeu", "Oo", "Ne", "Bo", "Kla", "Mid", "Rijs", "Dal", "Ees",
    "Hoo", "Lich", "Maar", "Nij", "Oir", "Put", "Rui", "Schoo", "Sle", "Tie", "Ul", "Vaas", "Wed",
    "Zee", "Aa", "Bak", "Den", "Eck", "Fle", "Goe", "Hul", "Ker", "Lie", "Mol", "Nun", "Ot", "Pey"};
static const char *const syl_end[] = {
    "beek", "dijk", "wijk", "hoven", "dorp", "veen", "horst", "broek", "rode", "lo", "sum", "ingen",
    "hem", "zande", "meer", "dam", "kerk", "berg", "wolde", "holt", "stein", "schot", "venne",
    "donk", "haar", "loon", "voort", "werd", "drecht", "hout", "mond", "geest", "laar", "weerd",
    "erveen", "kamp", "oord", "hoek", "zijl", "burg"};
static const char *const place_pre[] = {"Nieuw-", "Oud-", "Ooster", "Wester", "Noord", "Zuid",
                                        "Groot-", "Klein-", "Sint-", "Hoog-"};
static const char *const place_post[] = {" aan de Maas", " aan Zee", " aan den IJssel", " bij Duurstede",
                                         "-Binnen", " op Zoom"};

static const char *const name_de[] = {
    "Regenboog", "Wegwijzer", "Klimop", "Vlinder", "Zonnebloem", "Bolster", "Fontein",
    "Springplank", "Toermalijn", "Horizon", "Boomgaard", "Duizendpoot", "Kameleon", "Meander",
    "Sterrenwachter", "Wilg", "Eikenhorst", "Linde", "Bron", "Dolfijn", "Piramide", "Ark",
    "Schakel", "Tweemaster", "Vuurtoren", "Molenwiek", "Kiekendief", "Zwaluw", "Lijster", "Merel",
    "Uilenburcht", "Windroos", "Brug", "Wingerd", "Vlieger", "Zandloper", "Pijler", "Akker",
    "Kleine Prins", "Blauwe Reiger", "Trekvogel", "Parel", "Wereldwijzer", "Kastanje", "Esdoorn"};
static const char *const name_het[] = {"Kompas", "Palet", "Baken", "Anker", "Startpunt", "Talent",
                                       "Carillon", "Klavertje Vier", "Mozaïek", "Octaaf", "Prisma",
                                       "Kinderrijk", "Avontuur", "Spectrum", "Zonnehuis"};
static const char *const saints[] = {"Jozef", "Martinus", "Willibrord", "Lambertus", "Franciscus",
                                     "Bernadette", "Odulphus", "Petrus", "Antonius", "Theresia"};
static const char *const persons[] = {"Prins Willem-Alexander", "Koningin Juliana", "Prinses Beatrix",
                                      "Piet Hein", "Anne Frank", "Annie M.G. Schmidt", "Titus Brandsma",
                                      "Jan Ligthart", "Maria Montessori", "Guido de Brès",
                                      "Koning Willem I", "Jacob Cats"};
static const char *const concepts[] = {"Daltonschool", "Jenaplanschool", "Montessorischool",
                                       "Vrije School", "IKC"};
static const char *const streets[] = {
    "Kerkstraat", "Schoolstraat", "Dorpsstraat", "Molenweg", "Julianalaan", "Beatrixstraat",
    "Wilhelminalaan", "Eikenlaan", "Lindenlaan", "Sportlaan", "Parkweg", "Stationsstraat", "Brink",
    "Nieuwstraat", "Hoofdstraat", "Vlasakker", "Merelstraat", "Kastanjelaan", "Berkenweg",
    "Irisstraat", "Prins Bernhardlaan", "Burgemeester Smitlaan", "Koolmees", "Esdoornlaan",
    "Wethouder de Boerstraat", "Populierenlaan", "Spoorlaan", "Meidoornstraat", "Zonnebloemweg"};
static const char *const region_words[] = {"land", "waard", "dal", "veld", "streek", "kwartier"};
/* Name patterns as prefix + word + suffix (no runtime format strings). */
struct affix {
	const char *pre, *post;
};
static const struct affix board_kinds[] = {{"Stichting ", " Onderwijs"}, {"Stichting Openbaar Onderwijs ", ""},
                                           {"Vereniging voor Christelijk Onderwijs ", ""},
                                           {"Stichting Katholiek Onderwijs ", ""},
                                           {"Stichting Primair Onderwijs ", ""}, {"Scholengroep ", ""}};
static const char *const partner_fixed[] = {
    "Kentalis", "Koninklijke Visio", "Bartiméus", "Auris", "Centrum voor Jeugd en Gezin",
    "Jeugdgezondheidszorg (GGD)", "Karakter kinder- en jeugdpsychiatrie", "Accare", "Lindenhout",
    "Sterk Huis", "Yulius", "Veilig Thuis", "Politie (wijkagent)", "Bibliotheek"};
static const char *const partner_pattern[] = {
    "Logopediepraktijk ", "Kinderfysiotherapie ", "Kinderopvang ", "Dyslexiecentrum ",
    "Wijkteam ", "Huisartsenpraktijk ", "Jeugdteam ", "Ergotherapie "};

/* Per need: two short descriptions of an approach a school might take.
 * Codes not in this table get a generic sentence built from the label. */
static const struct {
	const char *code;
	const char *a, *b;
} need_text[] = {
    {"lezen_dyslexie", "we werken volgens het protocol leesproblemen en dyslexie en bieden extra leestijd en RT",
     "kinderen met dyslexie krijgen voorleessoftware, extra tijd bij toetsen en begeleiding in een leesgroep"},
    {"rekenen_dyscalculie", "we werken met het protocol ERWD en geven verlengde instructie in kleine groepjes",
     "kinderen die vastlopen met rekenen krijgen concreet materiaal en een eigen leerlijn waar dat nodig is"},
    {"taal", "we besteden dagelijks aandacht aan woordenschat en werken met taalrijke thema's",
     "kinderen met een taalachterstand krijgen voorbereidend woordenschatonderwijs en extra instructie"},
    {"nt2", "nieuwkomers krijgen de eerste periode intensief Nederlands in een kleine groep",
     "we gebruiken NT2-materialen en zetten waar nodig een tolk in bij gesprekken met ouders"},
    {"tos", "we werken samen met een logopedist en gebruiken visuele ondersteuning en gebaren",
     "leerkrachten krijgen begeleiding van ambulant begeleiders van cluster 2"},
    {"auditief", "we gebruiken een soundfield-systeem en letten op de plek van het kind in de klas",
     "een ambulant begeleider van cluster 2 adviseert de leerkracht over slechthorende kinderen"},
    {"visueel", "we passen lesmateriaal aan met grote letters en een loep",
     "een ambulant begeleider van cluster 1 helpt bij het aanpassen van materiaal"},
    {"meer_hoogbegaafd", "we compacten de leerstof en bieden verrijking in een plusgroep",
     "slimme kinderen werken met uitdagende projecten en krijgen les in een plusklas"},
    {"laagbegaafd", "kinderen kunnen op een eigen leerlijn werken met een ontwikkelingsperspectief",
     "we stemmen doelen af op wat het kind aankan en gebruiken veel herhaling"},
    {"werkhouding", "we werken met dagplanners, time-timers en korte, duidelijke opdrachten",
     "kinderen leren plannen en organiseren met hulp van een vast stappenplan"},
    {"sociaal_emotioneel", "we werken met een methode voor sociaal-emotioneel leren en volgen het welbevinden",
     "we houden kindgesprekken en werken met een trainingsgroep voor sociale vaardigheden"},
    {"faalangst", "kinderen met faalangst kunnen deelnemen aan een faalangstreductietraining",
     "we bieden een veilige plek en een vaste vertrouwenspersoon voor kinderen met angst"},
    {"gedrag", "we werken met positive behavior support en duidelijke regels en routines",
     "een gedragsspecialist observeert in de groep en maakt samen met ouders een plan"},
    {"adhd", "kinderen met ADHD krijgen een rustige werkplek, bewegingspauzes en heldere structuur",
     "we werken met beloningssystemen en korte instructiemomenten"},
    {"ass", "kinderen met autisme krijgen een voorspelbare dag met pictogrammen en een prikkelarme werkplek",
     "we bereiden veranderingen samen met het kind voor en hebben een vaste contactpersoon"},
    {"psychiatrisch", "we werken samen met de kinder- en jeugdpsychiatrie en stemmen de aanpak af",
     "de orthopedagoog adviseert het team over kinderen met complexe problematiek"},
    {"thuissituatie", "de schoolmaatschappelijk werker ondersteunt gezinnen en verwijst door waar nodig",
     "we werken nauw samen met het wijkteam en het centrum voor jeugd en gezin"},
    {"motorisch", "we hebben aangepast meubilair en werken samen met een kinderfysiotherapeut",
     "kinderen met een motorische beperking krijgen hulpmiddelen en extra tijd"},
    {"chronisch_ziek", "we maken een medisch handelingsprotocol samen met ouders en de arts",
     "bij langdurige ziekte houden we contact en zorgen we voor onderwijs op afstand"},
    {"jonge_kind", "jonge kinderen krijgen spelend leren en een doorgaande lijn vanuit de voorschool",
     "we volgen de ontwikkeling van kleuters met observaties en werken met VVE-programma's"},
};

static const struct {
	const char *code;
	const char *text;
} limit_text[] = {
    {"veiligheid", "Als de veiligheid van het kind, van andere kinderen of van het team in gevaar komt, "
                   "zoeken we samen met ouders en het samenwerkingsverband een andere plek."},
    {"gedrag_extern", "Kinderen met ernstig externaliserend gedrag dat wij niet kunnen sturen, kunnen "
                      "we niet de begeleiding geven die zij nodig hebben."},
    {"medisch_handelen", "Medische handelingen zoals sondevoeding of injecties voeren wij niet uit; "
                         "daarvoor is een BIG-geregistreerde zorgverlener nodig."},
    {"verzorging", "Veel lichamelijke verzorging gedurende de dag kunnen we niet bieden."},
    {"leerproces_anderen", "Als de ondersteuning van één kind het leerproces van de andere kinderen "
                           "ernstig verstoort, bespreken we met ouders wat er mogelijk is."},
    {"capaciteit", "De groepsgrootte en het aantal kinderen met een ondersteuningsbehoefte in een groep "
                   "bepalen mede of we een kind kunnen plaatsen."},
    {"leerbaarheid", "Voor kinderen met een IQ onder de 70 kunnen we vaak niet voldoende aanbod bieden."},
    {"leerachterstand", "Bij een leerachterstand van meer dan drie jaar lukt het ons meestal niet meer "
                        "om het kind goed te begeleiden."},
    {"ouders", "Als ouders geen toestemming geven voor onderzoek of begeleiding, lopen we tegen de "
               "grenzen van onze mogelijkheden aan."},
    {"toegankelijkheid", "Het gebouw is niet volledig toegankelijk: een deel van de lokalen ligt op de "
                         "verdieping en is alleen met de trap bereikbaar."},
    {"draagkracht", "Wanneer de draagkracht van de leerkracht of het team wordt overschreden, vragen we "
                    "het samenwerkingsverband om mee te denken."},
};

static const struct {
	const char *code;
	const char *text;
} admission_text[] = {
    {"minimumleeftijd", "Kinderen kunnen starten vanaf de dag dat zij vier jaar worden."},
    {"zindelijk", "We verwachten dat kinderen zindelijk zijn wanneer zij op school komen."},
    {"informatieplicht", "Ouders geven bij aanmelding alle informatie die van belang is voor de "
                         "ondersteuning van hun kind."},
    {"visie_onderschrijven", "We vragen ouders de identiteit en visie van de school te respecteren."},
    {"proefplaatsing", "Bij twijfel over wat we kunnen bieden, spreken we een proefplaatsing van zes "
                       "weken af."},
    {"nieuwkomers", "Nieuwkomers die korter dan twee jaar in Nederland zijn, gaan eerst naar de "
                    "nieuwkomersvoorziening in de regio."},
};

/* Filler sentences per kind of section.  %S school, %P place, %W SWV, %B
 * board, %Y school year, %N pupils. */
static const char *const fill_intro[] = {
    "%S is een basisschool in %P met ongeveer %N leerlingen.",
    "De school hoort bij %B en maakt deel uit van %W.",
    "In dit ondersteuningsprofiel voor schooljaar %Y beschrijven we welke ondersteuning we kinderen kunnen bieden.",
    "We vinden het belangrijk dat ieder kind zich veilig voelt en zich op zijn eigen manier kan ontwikkelen.",
    "Ouders zijn voor ons partners: we bespreken samen wat een kind nodig heeft.",
    "Het profiel is besproken in het team en in de medezeggenschapsraad.",
    "We stellen het profiel ieder jaar bij, zodat ouders kunnen zien wat de school nu werkelijk kan bieden.",
    "De school ligt in een rustige wijk en heeft een ruim schoolplein met veel groen.",
    "Onze leerlingen komen uit %P en de dorpen in de omgeving.",
    "We werken in combinatiegroepen en met vaste instructiemomenten.",
    "Kinderen leren bij ons samenwerken, zelfstandig werken en verantwoordelijkheid nemen.",
};
static const char *const fill_basis[] = {
    "Alle scholen binnen %W bieden dezelfde basisondersteuning, vastgelegd in het ondersteuningsplan.",
    "We signaleren vroeg en werken met een leerlingvolgsysteem dat alle vakgebieden dekt.",
    "De intern begeleider bespreekt drie keer per jaar alle groepen met de leerkrachten.",
    "We werken handelingsgericht: we kijken naar wat een kind nodig heeft en niet alleen naar wat het heeft.",
    "Als een kind meer nodig heeft, stellen we samen met ouders een ontwikkelingsperspectiefplan op.",
    "In het ondersteuningsteam denken ouders, school en de consulent van het samenwerkingsverband samen na.",
    "We hebben een actief anti-pestbeleid en een vertrouwenspersoon voor kinderen en ouders.",
    "Leerkrachten stemmen hun instructie af op verschillen tussen kinderen.",
    "Overdracht van voorschool naar school en van groep naar groep verloopt volgens vaste afspraken.",
};
static const char *const fill_levels[] = {
    "Op niveau 1 krijgt ieder kind goed onderwijs in de groep, met aandacht voor verschillen.",
    "Op niveau 2 krijgt een kind extra instructie of oefening in de groep.",
    "Op niveau 3 zet de school speciale ondersteuning in, met advies van de intern begeleider.",
    "Op niveau 4 vragen we advies of begeleiding van buiten de school, via het samenwerkingsverband.",
    "Op niveau 5 is een plek in het speciaal (basis)onderwijs nodig; daarvoor is een toelaatbaarheidsverklaring nodig.",
    "De overgang naar een volgend niveau bespreken we altijd eerst met ouders.",
    "We evalueren de ondersteuning iedere zes tot acht weken.",
};
static const char *const fill_ambition[] = {
    "Komend schooljaar scholen we het hele team in het omgaan met gedrag in de groep.",
    "We willen ons aanbod voor meer- en hoogbegaafde leerlingen verder uitbreiden.",
    "Twee leerkrachten volgen de opleiding tot specialist jonge kind.",
    "We onderzoeken samen met de andere scholen van %B of een gezamenlijke plusklas mogelijk is.",
    "We willen ouders nog eerder betrekken bij de ondersteuning van hun kind.",
    "Het team werkt aan een doorgaande lijn voor begrijpend lezen.",
    "We investeren in de samenwerking met de jeugdhulp in %P.",
    "In %Y evalueren we de nieuwe methode voor sociaal-emotioneel leren.",
};
static const char *const fill_parents[] = {
    "Ouders kennen hun kind het best; daarom betrekken we hen bij ieder gesprek over ondersteuning.",
    "Bij de start van het schooljaar voeren we met alle ouders een kennismakingsgesprek.",
    "Ouders kunnen altijd een afspraak maken met de leerkracht of de intern begeleider.",
    "We informeren ouders via de schoolapp en de nieuwsbrief.",
    "Bij zorgen over een kind nemen we binnen een week contact op met ouders.",
    "Ouders kunnen meedenken in de medezeggenschapsraad en de ouderraad.",
};
static const char *const fill_general[] = {
    "Heeft u vragen over de ondersteuning van uw kind? Neem dan contact op met de intern begeleider.",
    "We werken nauw samen met de andere scholen van %B.",
    "Wat we precies kunnen bieden, bespreken we altijd per kind en samen met ouders.",
    "De consulent van %W denkt mee als we handelingsverlegen zijn.",
    "We leggen afspraken vast en evalueren die regelmatig.",
};

/* ------------------------------------------------------------------ */
/* Generation state. */

struct place {
	char name[64];
	double lat, lon;
	int pc4;
};

struct gen {
	uint64_t seed;
	int nswv, nschools;
	int *swv_schools;       /* schools per SWV */
	int *swv_first;         /* index of the SWV's first school in the BRIN order */
	int *swv_province;      /* index into provinces[] */
	uint32_t *brin_perm;    /* permutation of the 67,600 BRIN codes */
	int board_next;         /* next board code */
};

static void brin_code(uint32_t v, char out[5])
{
	out[0] = (char)('0' + (v / 6760) % 10);
	out[1] = (char)('0' + (v / 676) % 10);
	out[2] = (char)('A' + (v / 26) % 26);
	out[3] = (char)('A' + v % 26);
	out[4] = 0;
}

static void make_place_name(struct rng *r, char *out, size_t n)
{
	char base[48];
	snprintf(base, sizeof base, "%s%s", PICK(r, syl_start), PICK(r, syl_end));
	if (rng_chance(r, 0.12)) {
		const char *pre = PICK(r, place_pre);
		size_t pl = strlen(pre);
		/* "Ooster" + "beek" glues, "Nieuw-" keeps the capital. */
		if (pre[pl - 1] != '-' && base[0] >= 'A' && base[0] <= 'Z')
			base[0] = (char)(base[0] - 'A' + 'a');
		snprintf(out, n, "%s%s", pre, base);
	} else if (rng_chance(r, 0.04)) {
		snprintf(out, n, "%s%s", base, PICK(r, place_post));
	} else {
		snprintf(out, n, "%s", base);
	}
}

/* A lower-case ASCII slug for domains: letters and digits only. */
static void slug(const char *s, char *out, size_t n)
{
	size_t o = 0;
	for (; *s && o + 1 < n; s++) {
		unsigned char ch = (unsigned char)*s;
		if (ch >= 'A' && ch <= 'Z')
			out[o++] = (char)(ch - 'A' + 'a');
		else if ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9'))
			out[o++] = (char)ch;
		else if (ch == 0xc3 && s[1]) { /* é, ë, ï ... -> e, e, i: good enough for names */
			unsigned char c2 = (unsigned char)s[1];
			out[o++] = c2 >= 0xa8 && c2 <= 0xab ? 'e' : c2 >= 0xac && c2 <= 0xaf ? 'i' : 'o';
			s++;
		}
	}
	out[o] = 0;
}

static int count_words(const char *s)
{
	int n = 0;
	bool in = false;
	for (; *s; s++) {
		bool w = *s != ' ' && *s != '\n';
		if (w && !in)
			n++;
		in = w;
	}
	return n;
}

/* Everything the prose needs to know about one school. */
struct sch {
	const char *name, *place, *board_name, *swv_name, *year;
	int pupils;
	const char *kind;
};

/* Append a filler sentence with the placeholders filled in. */
static void put_fill(buf *b, const char *tpl, const struct sch *c)
{
	for (const char *p = tpl; *p; p++) {
		if (*p != '%' || !p[1]) {
			buf_putc(b, *p);
			continue;
		}
		switch (*++p) {
		case 'S': buf_puts(b, c->name); break;
		case 'P': buf_puts(b, c->place); break;
		case 'W': buf_puts(b, c->swv_name); break;
		case 'B': buf_puts(b, c->board_name); break;
		case 'Y': buf_puts(b, c->year); break;
		case 'N': buf_printf(b, "%d", c->pupils); break;
		default: buf_putc(b, *p);
		}
	}
}

static unsigned gcd(unsigned a, unsigned b)
{
	while (b) {
		unsigned t = a % b;
		a = b;
		b = t;
	}
	return a;
}

/* Pad b with sentences from the table (in a random order without repeats)
 * until it has about `target` words; starts a new paragraph first. */
static void pad(buf *b, struct rng *r, const char *const *tbl, size_t ntbl, int target, const struct sch *c)
{
	if (count_words(buf_str(b)) >= target)
		return;
	/* Walk the table with a stride coprime to its size: every sentence at
	 * most once, in an order that differs per section. */
	unsigned start = rng_below(r, (unsigned)ntbl), step = 1 + rng_below(r, (unsigned)ntbl - 1);
	while (gcd(step, (unsigned)ntbl) != 1)
		step--;
	if (b->len)
		buf_puts(b, "\n\n");
	int in_par = 0;
	for (size_t i = 0; i < ntbl && count_words(buf_str(b)) < target; i++) {
		if (in_par == 3) {
			buf_puts(b, "\n\n");
			in_par = 0;
		} else if (in_par) {
			buf_putc(b, ' ');
		}
		put_fill(b, tbl[(start + i * step) % ntbl], c);
		in_par++;
	}
}

/* ---- facts ---- */

/* The stable "persona" of a school: which facts it has in its newest year.
 * Older years are derived from it with small changes. */
struct persona {
	int levels;
	unsigned need_school[32], need_extern[32]; /* levels bitmask per need index, 0 = absent */
	int expertise[64];                         /* count, 0 = absent; negative = extern */
	signed char facility[32];                  /* 1 present, -1 absent, 0 not mentioned */
	bool limit[32], admission[32];
	char partners[5][96];
	int npartners;
	const char *format;
};

static unsigned level_mask(int lo, int hi)
{
	unsigned m = 0;
	for (int l = lo; l <= hi; l++)
		m |= 1u << l;
	return m;
}

static void make_persona(struct rng *r, struct persona *p, const char *kind, const char *place, const char *region)
{
	static const char *const formats[] = {"meierij", "sodk", "odp", "passenderwijs"};
	memset(p, 0, sizeof *p);
	bool special = strcmp(kind, "bao") != 0;
	p->format = PICK(r, formats);
	p->levels = rng_chance(r, 0.7) ? 5 : rng_chance(r, 0.5) ? 4 : 3;
	size_t nn = tax_count(FK_NEED);
	for (size_t i = 0; i < nn && i < 32; i++) {
		double pr = special ? 0.75 : 0.45;
		if (!rng_chance(r, pr))
			continue;
		double u = rng_unit(r);
		int top = special ? p->levels : rng_range(r, 2, p->levels < 3 ? p->levels : 3);
		if (u < 0.65) {
			p->need_school[i] = level_mask(1, top);
		} else if (u < 0.85) {
			p->need_extern[i] = level_mask(p->levels >= 4 ? 3 : 2, p->levels);
		} else {
			p->need_school[i] = level_mask(1, 2);
			p->need_extern[i] = level_mask(3, p->levels);
		}
	}
	size_t ne = tax_count(FK_EXPERTISE);
	for (size_t i = 0; i < ne && i < 64; i++) {
		const struct tax_entry *t = tax_at(FK_EXPERTISE, i);
		if (strcmp(t->code, "intern_begeleider") == 0) {
			p->expertise[i] = rng_range(r, 1, special ? 3 : 2);
			continue;
		}
		if (!rng_chance(r, special ? 0.45 : 0.25))
			continue;
		bool ext = strstr("orthopedagoog schoolmaatschappelijk_werker logopedist fysiotherapeut ergotherapeut"
		                  " jeugdprofessional gedragswetenschapper",
		                  t->code) && rng_chance(r, 0.6);
		int cnt = rng_chance(r, 0.7) ? 1 : rng_range(r, 2, special ? 6 : 3);
		p->expertise[i] = ext ? -cnt : cnt;
	}
	size_t nf = tax_count(FK_FACILITY);
	bool has_lift = rng_chance(r, 0.6);
	for (size_t i = 0; i < nf && i < 32; i++) {
		const struct tax_entry *t = tax_at(FK_FACILITY, i);
		if (strcmp(t->code, "lift") == 0) {
			/* Some schools say they have no lift: what the finder's
			 * wheelchair filter is about. */
			p->facility[i] = has_lift ? 1 : rng_chance(r, 0.6) ? -1 : 0;
		} else if (strcmp(t->code, "rolstoeltoegankelijk") == 0) {
			p->facility[i] = has_lift && rng_chance(r, 0.8) ? 1 : rng_chance(r, 0.1) ? -1 : 0;
		} else if (rng_chance(r, special ? 0.5 : 0.3)) {
			p->facility[i] = 1;
		}
	}
	size_t nl = tax_count(FK_LIMIT);
	for (size_t i = 0; i < nl && i < 32; i++) {
		const struct tax_entry *t = tax_at(FK_LIMIT, i);
		if (strcmp(t->code, "toegankelijkheid") == 0)
			p->limit[i] = !has_lift && rng_chance(r, 0.7);
		else
			p->limit[i] = rng_chance(r, 0.3);
	}
	size_t na = tax_count(FK_ADMISSION);
	for (size_t i = 0; i < na && i < 32; i++)
		p->admission[i] = rng_chance(r, 0.3);
	p->npartners = rng_range(r, 1, 5);
	for (int i = 0; i < p->npartners; i++) {
		if (rng_chance(r, 0.5))
			snprintf(p->partners[i], sizeof p->partners[i], "%s", PICK(r, partner_fixed));
		else
			snprintf(p->partners[i], sizeof p->partners[i], "%s%s", PICK(r, partner_pattern),
			         rng_chance(r, 0.7) ? place : region);
		for (int j = 0; j < i; j++)
			if (strcmp(p->partners[i], p->partners[j]) == 0) {
				i--;
				p->npartners--;
				break;
			}
	}
}

/* Earlier school years differ a little: a few facts come and go. */
static void age_persona(struct rng *r, struct persona *p)
{
	size_t nn = tax_count(FK_NEED);
	for (size_t i = 0; i < nn && i < 32; i++)
		if (rng_chance(r, 0.08)) {
			if (p->need_school[i] || p->need_extern[i])
				p->need_school[i] = p->need_extern[i] = 0;
			else
				p->need_school[i] = level_mask(1, 2);
		}
	size_t ne = tax_count(FK_EXPERTISE);
	for (size_t i = 0; i < ne && i < 64; i++)
		if (p->expertise[i] > 1 && rng_chance(r, 0.2))
			p->expertise[i]--;
}

static json_t *levels_json(unsigned m)
{
	json_t *a = json_array();
	for (int l = 1; l <= LEVELS_MAX; l++)
		if (m & (1u << l))
			json_array_append_new(a, json_integer(l));
	return a;
}

static json_t *persona_facts(const struct persona *p)
{
	json_t *fa = json_array();
	json_array_append_new(fa, json_pack("{s:s,s:i}", "kind", "levels", "count", p->levels));
	for (size_t i = 0; i < tax_count(FK_NEED) && i < 32; i++) {
		const char *code = tax_at(FK_NEED, i)->code;
		if (p->need_school[i])
			json_array_append_new(fa, json_pack("{s:s,s:s,s:s,s:o}", "kind", "need", "code", code, "where",
			                                    "school", "levels", levels_json(p->need_school[i])));
		if (p->need_extern[i])
			json_array_append_new(fa, json_pack("{s:s,s:s,s:s,s:o}", "kind", "need", "code", code, "where",
			                                    "extern", "levels", levels_json(p->need_extern[i])));
	}
	for (size_t i = 0; i < tax_count(FK_EXPERTISE) && i < 64; i++)
		if (p->expertise[i])
			json_array_append_new(fa, json_pack("{s:s,s:s,s:s,s:i}", "kind", "expertise", "code",
			                                    tax_at(FK_EXPERTISE, i)->code, "where",
			                                    p->expertise[i] < 0 ? "extern" : "school", "count",
			                                    abs(p->expertise[i])));
	for (size_t i = 0; i < tax_count(FK_FACILITY) && i < 32; i++) {
		if (!p->facility[i])
			continue;
		json_t *f = json_pack("{s:s,s:s}", "kind", "facility", "code", tax_at(FK_FACILITY, i)->code);
		if (p->facility[i] < 0)
			json_object_set_new(f, "present", json_false());
		else
			json_object_set_new(f, "where", json_string("school"));
		json_array_append_new(fa, f);
	}
	for (size_t i = 0; i < tax_count(FK_LIMIT) && i < 32; i++)
		if (p->limit[i])
			json_array_append_new(fa, json_pack("{s:s,s:s}", "kind", "limit", "code", tax_at(FK_LIMIT, i)->code));
	for (size_t i = 0; i < tax_count(FK_ADMISSION) && i < 32; i++)
		if (p->admission[i])
			json_array_append_new(fa, json_pack("{s:s,s:s}", "kind", "admission", "code",
			                                    tax_at(FK_ADMISSION, i)->code));
	for (int i = 0; i < p->npartners; i++)
		json_array_append_new(fa, json_pack("{s:s,s:s}", "kind", "partner", "value", p->partners[i]));
	return fa;
}

/* ---- prose ---- */

enum sect_kind { SK_INTRO, SK_BASIS, SK_LEVELS, SK_EXPERT, SK_AMBITION, SK_LEARN, SK_BEHAV, SK_PHYS,
                 SK_NEEDS, SK_FAC, SK_LIMITS, SK_ADMISSION, SK_PARTNERS, SK_PARENTS, SK_CONTACT };

struct sect_def {
	const char *key, *heading;
	enum sect_kind kind;
};

static const struct sect_def sect_meierij[] = {
    {"inleiding", "Inleiding", SK_INTRO},
    {"basisondersteuning", "Basisondersteuning", SK_BASIS},
    {"ondersteuningsniveaus", "Ondersteuningsniveaus", SK_LEVELS},
    {"expertise", "Expertise in het team", SK_EXPERT},
    {"professionalisering", "Professionalisering", SK_AMBITION},
    {"aanbod_leren", "Aanbod bij leren", SK_LEARN},
    {"aanbod_gedrag", "Aanbod bij gedrag en sociaal-emotionele ontwikkeling", SK_BEHAV},
    {"aanbod_lichamelijk", "Aanbod bij lichamelijke en medische ondersteuning", SK_PHYS},
    {"grenzen", "Grenzen aan de ondersteuning", SK_LIMITS},
    {NULL, NULL, 0}};
static const struct sect_def sect_sodk[] = {
    {"contactpersonen", "Contactpersonen", SK_CONTACT},
    {"voorzieningen", "Voorzieningen", SK_FAC},
    {"specialisten", "Specialisten", SK_EXPERT},
    {"onderwijsaanbod", "Onderwijsaanbod", SK_NEEDS},
    {"visie", "Visie op ondersteuning", SK_INTRO},
    {"niveaus", "Niveaus van ondersteuning", SK_LEVELS},
    {"grenzen", "Grenzen", SK_LIMITS},
    {"ambities", "Ambities", SK_AMBITION},
    {NULL, NULL, 0}};
static const struct sect_def sect_odp[] = {
    {"populatie", "Onze leerlingen", SK_INTRO},
    {"toelating", "Toelating", SK_ADMISSION},
    {"ondersteuningsstructuur", "Ondersteuningsstructuur", SK_BASIS},
    {"differentiatie", "Omgaan met verschillen", SK_NEEDS},
    {"specialisten", "Specialisten", SK_EXPERT},
    {"ketenpartners", "Ketenpartners", SK_PARTNERS},
    {"toegankelijkheid", "Toegankelijkheid van het gebouw", SK_FAC},
    {"ouderbetrokkenheid", "Ouderbetrokkenheid", SK_PARENTS},
    {"doelen", "Doelen", SK_AMBITION},
    {NULL, NULL, 0}};
static const struct sect_def sect_pw[] = {
    {"algemeen", "Algemene gegevens", SK_INTRO},
    {"voorwaardelijk", "Voorwaarden voor goede ondersteuning", SK_BASIS},
    {"schoolniveau", "Ondersteuning op schoolniveau", SK_NEEDS},
    {"leerkrachtniveau", "Ondersteuning door de leerkracht", SK_LEVELS},
    {"extra_ondersteuning", "Extra ondersteuning", SK_EXPERT},
    {"grenzen", "Grenzen aan de ondersteuning", SK_LIMITS},
    {"ambities", "Ambities", SK_AMBITION},
    {NULL, NULL, 0}};

static const char *levels_words(unsigned m, char *out, size_t n)
{
	int lv[LEVELS_MAX], k = 0;
	for (int l = 1; l <= LEVELS_MAX; l++)
		if (m & (1u << l))
			lv[k++] = l;
	if (k == 0)
		snprintf(out, n, "op alle niveaus");
	else if (k == 1)
		snprintf(out, n, "op niveau %d", lv[0]);
	else
		snprintf(out, n, "op niveau %d tot en met %d", lv[0], lv[k - 1]);
	return out;
}

static void lower_first(const char *label, char *out, size_t n)
{
	snprintf(out, n, "%s", label);
	/* Keep acronyms (ADHD, NT2, VVE) and the language's name as they are. */
	if (out[0] >= 'A' && out[0] <= 'Z' && !(out[1] >= 'A' && out[1] <= 'Z') && strncmp(out, "Nederlands", 10) != 0)
		out[0] = (char)(out[0] - 'A' + 'a');
}

static bool need_in_group(const char *code, enum sect_kind k)
{
	static const char *const learn = " lezen_dyslexie rekenen_dyscalculie taal nt2 tos meer_hoogbegaafd"
	                                 " laagbegaafd jonge_kind ";
	static const char *const behav = " werkhouding sociaal_emotioneel faalangst gedrag adhd ass psychiatrisch"
	                                 " thuissituatie ";
	char pat[48];
	snprintf(pat, sizeof pat, " %s ", code);
	if (k == SK_LEARN)
		return strstr(learn, pat) != NULL;
	if (k == SK_BEHAV)
		return strstr(behav, pat) != NULL;
	if (k == SK_PHYS)
		return !strstr(learn, pat) && !strstr(behav, pat);
	return true;
}

static void write_needs(buf *b, struct rng *r, const struct persona *p, enum sect_kind k)
{
	char lv[48], lab[96];
	for (size_t i = 0; i < tax_count(FK_NEED) && i < 32; i++) {
		const struct tax_entry *t = tax_at(FK_NEED, i);
		if (!(p->need_school[i] || p->need_extern[i]) || !need_in_group(t->code, k))
			continue;
		const char *appr = NULL;
		for (size_t j = 0; j < NELEM(need_text); j++)
			if (strcmp(need_text[j].code, t->code) == 0)
				appr = rng_chance(r, 0.5) ? need_text[j].a : need_text[j].b;
		lower_first(t->label, lab, sizeof lab);
		if (b->len)
			buf_puts(b, "\n\n");
		buf_printf(b, "%s. ", t->label);
		if (p->need_school[i]) {
			buf_printf(b, "Voor kinderen die ondersteuning nodig hebben bij %s bieden we op school hulp %s",
			           lab, levels_words(p->need_school[i], lv, sizeof lv));
			if (appr)
				buf_printf(b, ": %s.", appr);
			else
				buf_puts(b, ".");
		}
		if (p->need_extern[i]) {
			if (p->need_school[i])
				buf_putc(b, ' ');
			buf_printf(b, "%s schakelen we hulp in via het samenwerkingsverband of een externe partner, %s.",
			           p->need_school[i] ? "Als dat niet genoeg is," : "Voor dit onderwerp",
			           levels_words(p->need_extern[i], lv, sizeof lv));
			if (!p->need_school[i] && appr)
				buf_printf(b, " Samen met die partner geldt: %s.", appr);
		}
	}
}

static void write_expertise(buf *b, const struct persona *p)
{
	bool any = false;
	for (size_t i = 0; i < tax_count(FK_EXPERTISE) && i < 64; i++) {
		if (!p->expertise[i] || p->expertise[i] < 0)
			continue;
		if (!any)
			buf_puts(b, "In ons team werken de volgende specialisten:\n\n");
		else
			buf_putc(b, '\n');
		int n = p->expertise[i];
		buf_printf(b, "• %s: %d %s", tax_at(FK_EXPERTISE, i)->label, n, n == 1 ? "collega" : "collega's");
		any = true;
	}
	bool ext = false;
	for (size_t i = 0; i < tax_count(FK_EXPERTISE) && i < 64; i++) {
		if (p->expertise[i] >= 0)
			continue;
		char lab[96];
		lower_first(tax_at(FK_EXPERTISE, i)->label, lab, sizeof lab);
		buf_printf(b, ext ? ", %s" : "\n\nVia het bestuur of het samenwerkingsverband kunnen we een beroep doen op: %s",
		           lab);
		ext = true;
	}
	if (ext)
		buf_putc(b, '.');
}

static void write_facilities(buf *b, const struct persona *p)
{
	for (size_t i = 0; i < tax_count(FK_FACILITY) && i < 32; i++) {
		if (!p->facility[i])
			continue;
		const struct tax_entry *t = tax_at(FK_FACILITY, i);
		char lab[96];
		lower_first(t->label, lab, sizeof lab);
		if (b->len)
			buf_putc(b, '\n');
		if (strcmp(t->code, "lift") == 0)
			buf_puts(b, p->facility[i] > 0 ? "• Het gebouw heeft een lift naar de verdieping."
			                               : "• Het gebouw heeft geen lift; de bovenverdieping is alleen met de trap bereikbaar.");
		else if (strcmp(t->code, "rolstoeltoegankelijk") == 0)
			buf_puts(b, p->facility[i] > 0 ? "• Het gebouw is rolstoeltoegankelijk."
			                               : "• Het gebouw is niet geschikt voor kinderen in een rolstoel.");
		else if (p->facility[i] > 0)
			buf_printf(b, "• Op school is een voorziening voor %s.", lab);
	}
}

static void write_limits(buf *b, const struct persona *p)
{
	for (size_t i = 0; i < tax_count(FK_LIMIT) && i < 32; i++) {
		if (!p->limit[i])
			continue;
		const char *code = tax_at(FK_LIMIT, i)->code;
		for (size_t j = 0; j < NELEM(limit_text); j++)
			if (strcmp(limit_text[j].code, code) == 0) {
				if (b->len)
					buf_putc(b, '\n');
				buf_printf(b, "• %s", limit_text[j].text);
			}
	}
}

static void write_admission(buf *b, const struct persona *p)
{
	for (size_t i = 0; i < tax_count(FK_ADMISSION) && i < 32; i++) {
		if (!p->admission[i])
			continue;
		const char *code = tax_at(FK_ADMISSION, i)->code;
		for (size_t j = 0; j < NELEM(admission_text); j++)
			if (strcmp(admission_text[j].code, code) == 0) {
				if (b->len)
					buf_putc(b, ' ');
				buf_puts(b, admission_text[j].text);
			}
	}
}

static void write_partners(buf *b, const struct persona *p)
{
	buf_puts(b, "We werken samen met:\n\n");
	for (int i = 0; i < p->npartners; i++)
		buf_printf(b, "%s• %s", i ? "\n" : "", p->partners[i]);
}

static json_t *make_sections(struct rng *r, const struct persona *p, const struct sch *c, int words)
{
	const struct sect_def *defs = strcmp(p->format, "meierij") == 0 ? sect_meierij
	                              : strcmp(p->format, "sodk") == 0  ? sect_sodk
	                              : strcmp(p->format, "odp") == 0   ? sect_odp
	                                                                : sect_pw;
	json_t *arr = json_array();
	for (const struct sect_def *d = defs; d->key; d++) {
		/* Profiles may leave sections out; keep the ones that carry facts. */
		if ((d->kind == SK_AMBITION || d->kind == SK_PARENTS || d->kind == SK_CONTACT) && rng_chance(r, 0.3))
			continue;
		buf b = BUF_INIT;
		int target = words / 2 + (int)rng_below(r, (unsigned)words);
		switch (d->kind) {
		case SK_INTRO:
			pad(&b, r, fill_intro, NELEM(fill_intro), target, c);
			break;
		case SK_BASIS:
			pad(&b, r, fill_basis, NELEM(fill_basis), target, c);
			break;
		case SK_LEVELS:
			buf_printf(&b, "We werken met een model van %d ondersteuningsniveaus.", p->levels);
			pad(&b, r, fill_levels, NELEM(fill_levels), target, c);
			break;
		case SK_EXPERT:
			write_expertise(&b, p);
			pad(&b, r, fill_general, NELEM(fill_general), target / 2, c);
			break;
		case SK_AMBITION:
			pad(&b, r, fill_ambition, NELEM(fill_ambition), target, c);
			break;
		case SK_LEARN:
		case SK_BEHAV:
		case SK_PHYS:
		case SK_NEEDS:
			write_needs(&b, r, p, d->kind);
			if (d->kind == SK_PHYS)
				write_facilities(&b, p);
			if (!b.len)
				buf_puts(&b, "Op dit gebied hebben we geen aanbod naast de basisondersteuning.");
			break;
		case SK_FAC:
			write_facilities(&b, p);
			if (!b.len)
				buf_puts(&b, "Het gebouw heeft geen bijzondere voorzieningen.");
			break;
		case SK_LIMITS:
			write_limits(&b, p);
			if (strcmp(d->key, "grenzen") == 0 && defs == sect_pw)
				write_admission(&b, p);
			pad(&b, r, fill_general, NELEM(fill_general), target / 2, c);
			break;
		case SK_ADMISSION:
			write_admission(&b, p);
			pad(&b, r, fill_general, NELEM(fill_general), target / 3, c);
			break;
		case SK_PARTNERS:
			write_partners(&b, p);
			break;
		case SK_PARENTS:
			pad(&b, r, fill_parents, NELEM(fill_parents), target, c);
			break;
		case SK_CONTACT:
			buf_printf(&b, "Voor vragen over ondersteuning kunt u terecht bij de intern begeleider van %s.",
			           c->name);
			pad(&b, r, fill_general, NELEM(fill_general), target / 2, c);
			break;
		}
		json_array_append_new(arr, json_pack("{s:s,s:s,s:s%}", "key", d->key, "heading", d->heading, "text",
		                                     buf_str(&b), b.len));
		buf_free(&b);
	}
	return arr;
}

static char *make_summary(const struct persona *p, const struct sch *c)
{
	buf b = BUF_INIT;
	buf_printf(&b, "%s is een %s in %s met ongeveer %d leerlingen.", c->name,
	           strcmp(c->kind, "sbo") == 0  ? "school voor speciaal basisonderwijs"
	           : strcmp(c->kind, "so") == 0 ? "school voor speciaal onderwijs"
	                                        : "basisschool",
	           c->place, c->pupils);
	int k = 0;
	for (size_t i = 0; i < tax_count(FK_NEED) && i < 32 && k < 3; i++)
		if (p->need_school[i]) {
			char lab[96];
			lower_first(tax_at(FK_NEED, i)->parent_label, lab, sizeof lab);
			buf_printf(&b, k ? ", %s" : " We bieden extra hulp bij onder meer %s", lab);
			k++;
		}
	if (k)
		buf_putc(&b, '.');
	for (size_t i = 0; i < tax_count(FK_FACILITY) && i < 32; i++)
		if (strcmp(tax_at(FK_FACILITY, i)->code, "lift") == 0 && p->facility[i] < 0)
			buf_puts(&b, " Het gebouw heeft geen lift.");
	return buf_detach(&b);
}

/* ---- one profile version ---- */

static void date_str(char *out, size_t n, int y, int m, int d)
{
	snprintf(out, n, "%04d-%02d-%02d", y, m, d);
}

static json_t *make_profile(struct rng *r, const struct persona *p, const struct sch *c, int year, int version,
                            const char *status, int words, bool correction)
{
	char sy[16], d_mr[16], d_set[16], d_pub[16], upd[32];
	snprintf(sy, sizeof sy, "%d/%d", year, year + 1);
	struct sch cc = *c;
	cc.year = sy;
	json_t *pr = json_pack("{s:s,s:i,s:s,s:s,s:i}", "school_year", sy, "version", version, "status", status,
	                       "format", p->format, "format_version", 1);
	char *sum = make_summary(p, &cc);
	json_object_set_new(pr, "summary", json_string(sum));
	free(sum);
	int dm = rng_range(r, 2, 14);
	date_str(d_mr, sizeof d_mr, year, 6, dm);
	date_str(d_set, sizeof d_set, year, 6, dm + rng_range(r, 3, 14));
	if (correction)
		date_str(d_pub, sizeof d_pub, year, 10, rng_range(r, 1, 28));
	else
		date_str(d_pub, sizeof d_pub, year, 8, rng_range(r, 18, 31));
	if (strcmp(status, "gepubliceerd") == 0) {
		json_object_set_new(pr, "dates", json_pack("{s:s,s:s,s:s}", "mr_advice", d_mr, "set", d_set, "published", d_pub));
		json_object_set_new(pr, "mr_advice", json_string(rng_chance(r, 0.8) ? "De MR adviseert positief."
		                                                                    : "De MR adviseert positief en vraagt "
		                                                                      "aandacht voor de toegankelijkheid van het gebouw."));
		snprintf(upd, sizeof upd, "%sT10:00:00Z", d_pub);
	} else {
		/* Drafts for the coming year are written in spring. */
		snprintf(upd, sizeof upd, "%04d-%02d-%02dT%02d:%02d:00Z", year, rng_range(r, 2, 5), rng_range(r, 1, 28),
		         rng_range(r, 8, 17), rng_range(r, 0, 59));
	}
	json_object_set_new(pr, "updated_at", json_string(upd));
	json_t *secs = make_sections(r, p, &cc, words);
	if (correction && json_array_size(secs)) {
		json_t *s0 = json_array_get(secs, 0);
		char *t = NULL;
		if (asprintf(&t, "Correctie %s: de gegevens over de specialisten in het team zijn bijgewerkt.\n\n%s", d_pub,
		             json_string_value(json_object_get(s0, "text"))) < 0)
			abort();
		json_object_set_new(s0, "text", json_string(t));
		free(t);
	}
	json_object_set_new(pr, "sections", secs);
	json_object_set_new(pr, "facts", persona_facts(p));
	return pr;
}

/* ---- one SWV ---- */

struct demo_opts {
	uint64_t seed;
	int schools, swvs, words;
};

static json_t *make_swv(const struct demo_opts *o, struct gen *g, int si)
{
	struct rng r = rng_sub(o->seed, (uint64_t)si + 1000);
	const struct province *pv = &provinces[g->swv_province[si]];
	/* The SWV's own area: a centre inside the province box. */
	double clat = pv->lat0 + rng_unit(&r) * (pv->lat1 - pv->lat0);
	double clon = pv->lon0 + rng_unit(&r) * (pv->lon1 - pv->lon0);
	int pcbase = pv->pc0 + (int)rng_below(&r, (unsigned)(pv->pc1 - pv->pc0 + 1 > 60 ? pv->pc1 - pv->pc0 - 59 : 1));

	int nplaces = 4 + g->swv_schools[si] / 7;
	struct place *pl = xcalloc((size_t)nplaces, sizeof *pl);
	for (int i = 0; i < nplaces; i++) {
		for (int tries = 0; tries < 20; tries++) {
			make_place_name(&r, pl[i].name, sizeof pl[i].name);
			bool dup = false;
			for (int j = 0; j < i; j++)
				dup |= strcmp(pl[i].name, pl[j].name) == 0;
			if (!dup)
				break;
		}
		pl[i].lat = fmin(53.45, fmax(50.78, clat + (rng_unit(&r) - 0.5) * 0.30));
		pl[i].lon = fmin(7.15, fmax(3.40, clon + (rng_unit(&r) - 0.5) * 0.45));
		pl[i].pc4 = pcbase + (int)rng_below(&r, 60);
	}
	char region[96], swv_name[200], code[16], web[160], rs[64];
	const char *a = pl[0].name;
	if (rng_chance(&r, 0.5))
		snprintf(region, sizeof region, "%s%s", PICK(&r, syl_start), PICK(&r, region_words));
	else
		snprintf(region, sizeof region, "%s e.o.", a);
	snprintf(swv_name, sizeof swv_name, "Samenwerkingsverband %s PO", region);
	snprintf(code, sizeof code, "PO%04d", 2001 + si);
	slug(region, rs, sizeof rs);
	snprintf(web, sizeof web, "https://www.swv-%s.example", rs);
	char region_desc[400];
	snprintf(region_desc, sizeof region_desc, "%s (gegenereerd): %s, %s en %s", pv->name, pl[0].name,
	         pl[1 % nplaces].name, pl[2 % nplaces].name);
	json_t *root = json_pack("{s:s,s:i,s:{s:s,s:s,s:s,s:s}}", "passend", "profiles", "version", 1, "swv", "code", code,
	                         "name", swv_name, "region", region_desc, "website", web);

	int nboards = 2 + g->swv_schools[si] / 18;
	json_t *boards = json_array();
	char (*bcode)[8] = xcalloc((size_t)nboards, sizeof *bcode);
	char (*bname)[160] = xcalloc((size_t)nboards, sizeof *bname);
	for (int b = 0; b < nboards; b++) {
		snprintf(bcode[b], sizeof bcode[b], "%05d", g->board_next++);
		const struct affix *bk = &PICK(&r, board_kinds);
		snprintf(bname[b], sizeof bname[b], "%s%s%s", bk->pre, b == 0 ? region : pl[b % nplaces].name, bk->post);
		json_array_append_new(boards, json_pack("{s:s,s:s}", "code", bcode[b], "name", bname[b]));
	}
	json_object_set_new(root, "boards", boards);

	json_t *schools = json_array();
	int n = g->swv_schools[si];
	int brin_i = g->swv_first[si];
	char last_brin[5] = "";
	char last_name[160] = "";
	int last_place = 0, last_board = 0;
	for (int k = 0; k < n; k++) {
		struct rng sr = rng_sub(o->seed, ((uint64_t)si << 20) + (uint64_t)k + 7);
		char brin[5], vest[3] = "00", name[160];
		int pi = (int)rng_below(&sr, (unsigned)nplaces), bi = (int)rng_below(&sr, (unsigned)nboards);
		const char *kind = "bao";
		/* About 4% are a second location (vestiging 01) of the school
		 * just before it: same BRIN, board and place, "locatie" name. */
		bool branch = k > 0 && last_brin[0] && rng_chance(&sr, 0.04);
		if (branch) {
			memcpy(brin, last_brin, 5);
			strcpy(vest, "01");
			pi = last_place;
			bi = last_board;
			snprintf(name, sizeof name, "%.110s, locatie %.30s", last_name, PICK(&sr, streets));
			last_brin[0] = 0;
		} else {
			brin_code(g->brin_perm[brin_i++], brin);
			double u = rng_unit(&sr);
			kind = u < 0.06 ? "sbo" : u < 0.10 ? "so" : "bao";
			if (strcmp(kind, "sbo") == 0) {
				snprintf(name, sizeof name, "SBO %s%s", rng_chance(&sr, 0.7) ? "De " : "", PICK(&sr, name_de));
			} else if (strcmp(kind, "so") == 0) {
				snprintf(name, sizeof name, "%s De %s", rng_chance(&sr, 0.5) ? "SO" : "Mytylschool",
				         PICK(&sr, name_de));
			} else {
				int style = (int)rng_below(&sr, 10);
				if (style < 3) {
					snprintf(name, sizeof name, "OBS De %s", PICK(&sr, name_de));
				} else if (style < 5) {
					snprintf(name, sizeof name, "CBS %s %s", rng_chance(&sr, 0.5) ? "Het" : "'t",
					         PICK(&sr, name_het));
				} else if (style < 7) {
					snprintf(name, sizeof name, "RKBS Sint %s", PICK(&sr, saints));
				} else if (style < 8) {
					snprintf(name, sizeof name, "%s De %s", PICK(&sr, concepts), PICK(&sr, name_de));
				} else if (style < 9) {
					snprintf(name, sizeof name, "%sschool", PICK(&sr, persons));
				} else {
					snprintf(name, sizeof name, "Basisschool De %s", PICK(&sr, name_de));
				}
			}
			memcpy(last_brin, brin, 5);
			snprintf(last_name, sizeof last_name, "%s", name);
			last_place = pi;
			last_board = bi;
		}
		int pupils = strcmp(kind, "bao") == 0 ? rng_range(&sr, 60, 520) : rng_range(&sr, 40, 180);
		if (branch)
			pupils = rng_range(&sr, 30, 140);
		char pc[8], addr[96], web2[200], mail[200], sl[96], phone[32];
		char l1 = (char)('A' + rng_below(&sr, 26)), l2 = (char)('A' + rng_below(&sr, 26));
		if (l1 == 'S' && (l2 == 'A' || l2 == 'D' || l2 == 'S'))
			l2 = 'B'; /* SA, SD and SS are not used in Dutch postcodes */
		snprintf(pc, sizeof pc, "%04d %c%c", pl[pi].pc4, l1, l2);
		snprintf(addr, sizeof addr, "%s %d", PICK(&sr, streets), rng_range(&sr, 1, 140));
		slug(name, sl, sizeof sl);
		char ps[64];
		slug(pl[pi].name, ps, sizeof ps);
		snprintf(web2, sizeof web2, "https://%s-%s.example", sl, ps);
		snprintf(mail, sizeof mail, "info@%s-%s.example", sl, ps);
		snprintf(phone, sizeof phone, "0%d-%06d", rng_range(&sr, 10, 599), rng_range(&sr, 100000, 999999));
		const char *den_s = strncmp(name, "OBS", 3) == 0                               ? "openbaar"
		                    : strncmp(name, "CBS", 3) == 0                             ? "protestants-christelijk"
		                    : strncmp(name, "RKBS", 4) == 0                            ? "rooms-katholiek"
		                    : strcmp(kind, "bao") == 0 && rng_chance(&sr, 0.5)         ? "openbaar"
		                                                                               : "algemeen bijzonder";
		json_t *sc = json_pack("{s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:s,s:i,s:f,s:f,s:s,s:s,s:s}", "brin", brin,
		                       "vestiging", vest, "name", name, "board", bcode[bi], "kind", kind, "address", addr,
		                       "postcode", pc, "place", pl[pi].name, "denomination", den_s, "pupils", pupils,
		                       "lat", round((pl[pi].lat + (rng_unit(&sr) - 0.5) * 0.02) * 1e5) / 1e5, "lon",
		                       round((pl[pi].lon + (rng_unit(&sr) - 0.5) * 0.03) * 1e5) / 1e5, "website", web2,
		                       "phone", phone, "email", mail);

		struct persona per;
		make_persona(&sr, &per, kind, pl[pi].name, region);
		struct sch c = {name, pl[pi].name, bname[bi], swv_name, NULL, pupils, kind};
		json_t *profs = json_array();
		/* History, oldest first.  Most schools publish the three school
		 * years up to DEMO_YEAR/DEMO_YEAR+1; some are stale (newest
		 * published two years earlier), a few never published; some have
		 * a draft for the next year. */
		double u = rng_unit(&sr);
		int last_pub = u < 0.05 ? DEMO_YEAR - 2 : u < 0.06 ? 0 : DEMO_YEAR;
		struct persona years[3];
		years[2] = per;
		years[1] = per;
		age_persona(&sr, &years[1]);
		years[0] = years[1];
		age_persona(&sr, &years[0]);
		for (int y = DEMO_YEAR - 2; y <= DEMO_YEAR; y++) {
			const struct persona *py = &years[y - (DEMO_YEAR - 2)];
			if (last_pub && y <= last_pub) {
				json_array_append_new(profs, make_profile(&sr, py, &c, y, 1, "gepubliceerd", o->words, false));
				if (y == DEMO_YEAR && rng_chance(&sr, 0.05)) /* a correction after publication */
					json_array_append_new(profs, make_profile(&sr, py, &c, y, 2, "gepubliceerd", o->words, true));
				else if (y == DEMO_YEAR && rng_chance(&sr, 0.04)) /* the next edit, not yet published */
					json_array_append_new(profs, make_profile(&sr, py, &c, y, 2, "concept", o->words, false));
			} else if (!last_pub && y == DEMO_YEAR) {
				json_array_append_new(profs, make_profile(&sr, py, &c, y, 1, "concept", o->words, false));
			}
		}
		if (last_pub == DEMO_YEAR && rng_chance(&sr, 0.18)) {
			struct persona next = per;
			age_persona(&sr, &next);
			json_array_append_new(profs, make_profile(&sr, &next, &c, DEMO_YEAR + 1, 1,
			                                          rng_chance(&sr, 0.6) ? "concept" : "mr_advies", o->words,
			                                          false));
		}
		json_object_set_new(sc, "profiles", profs);
		json_array_append_new(schools, sc);
	}
	json_object_set_new(root, "schools", schools);
	free(pl);
	free(bcode);
	free(bname);
	return root;
}

/* Plan the national set: schools per SWV, province per SWV and the BRIN
 * order.  Everything that must be unique across SWVs is decided here. */
static void plan(const struct demo_opts *o, struct gen *g)
{
	struct rng r = rng_sub(o->seed, 1);
	g->nswv = o->swvs;
	g->swv_schools = xcalloc((size_t)o->swvs, sizeof(int));
	g->swv_first = xcalloc((size_t)o->swvs, sizeof(int));
	g->swv_province = xcalloc((size_t)o->swvs, sizeof(int));
	/* Sizes vary by about +-35% around the mean, then fix up the total. */
	double *w = xcalloc((size_t)o->swvs, sizeof(double)), sum = 0;
	for (int i = 0; i < o->swvs; i++)
		sum += w[i] = 0.65 + 0.7 * rng_unit(&r);
	int total = 0;
	for (int i = 0; i < o->swvs; i++) {
		g->swv_schools[i] = (int)(o->schools * w[i] / sum);
		if (g->swv_schools[i] < 1)
			g->swv_schools[i] = 1;
		total += g->swv_schools[i];
	}
	for (int i = 0; total != o->schools; i = (i + 1) % o->swvs) {
		if (total < o->schools) {
			g->swv_schools[i]++;
			total++;
		} else if (g->swv_schools[i] > 1) {
			g->swv_schools[i]--;
			total--;
		}
	}
	free(w);
	int wsum = 0;
	for (size_t p = 0; p < NELEM(provinces); p++)
		wsum += provinces[p].weight;
	for (int i = 0; i < o->swvs; i++) {
		int x = (int)rng_below(&r, (unsigned)wsum);
		size_t p = 0;
		while (x >= provinces[p].weight)
			x -= provinces[p++].weight;
		g->swv_province[i] = (int)p;
	}
	/* Each SWV takes a contiguous slice of a shuffled list of all BRINs, so
	 * BRINs are unique without any bookkeeping. */
	g->brin_perm = xmalloc(67600 * sizeof(uint32_t));
	for (uint32_t i = 0; i < 67600; i++)
		g->brin_perm[i] = i;
	for (uint32_t i = 67599; i > 0; i--) {
		uint32_t j = (uint32_t)rng_below(&r, i + 1), t = g->brin_perm[i];
		g->brin_perm[i] = g->brin_perm[j];
		g->brin_perm[j] = t;
	}
	int first = 0;
	for (int i = 0; i < o->swvs; i++) {
		g->swv_first[i] = first;
		first += g->swv_schools[i]; /* an upper bound: branches use no new BRIN */
	}
	g->board_next = 20001;
}

static void gen_free(struct gen *g)
{
	free(g->swv_schools);
	free(g->swv_first);
	free(g->swv_province);
	free(g->brin_perm);
}

static int write_json(json_t *j, const char *path)
{
	FILE *f = path ? fopen(path, "w") : stdout;
	if (!f) {
		cli_err("cannot write %s: %s", path, strerror(errno));
		return -1;
	}
		/* Compact: the national set is large enough without indentation. */
	int rc = json_dumpf(j, f, JSON_COMPACT | JSON_PRESERVE_ORDER);
	fputc('\n', f);
	rc |= fflush(f);
	if (path)
		rc |= fclose(f);
	if (rc) {
		cli_err("write error on %s", path ? path : "standard output");
		return -1;
	}
	return 0;
}

static int cmd_demo_data(struct cli *g, int argc, char **argv)
{
	struct demo_opts o = {.seed = 1, .schools = 7000, .swvs = 76, .words = 75};
	const char *out = NULL;
	/* Every option takes a value: step over pairs. */
	for (int i = 1; i < argc; i += 2) {
		long v;
		const char *a = argv[i], *val = i + 1 < argc ? argv[i + 1] : NULL;
		if (strcmp(a, "--schools") == 0 && val && parse_int(val, 1, 60000, &v))
			o.schools = (int)v;
		else if (strcmp(a, "--swv") == 0 && val && parse_int(val, 1, 999, &v))
			o.swvs = (int)v;
		else if (strcmp(a, "--seed") == 0 && val && parse_int(val, 0, 2147483647, &v))
			o.seed = (uint64_t)v;
		else if (strcmp(a, "--words") == 0 && val && parse_int(val, 10, 2000, &v))
			o.words = (int)v;
		else if (strcmp(a, "-o") == 0 && val)
			out = val;
		else {
			cli_err("usage: passend demo-data [--schools N] [--swv N] [--seed N] [--words N] [-o DIR|FILE]");
			return EXIT_USAGE;
		}
	}
	if (o.swvs > o.schools) {
		cli_err("demo-data: --swv must not exceed --schools");
		return EXIT_USAGE;
	}
	struct stat st;
	bool dir = out && stat(out, &st) == 0 && S_ISDIR(st.st_mode);
	if (out && !dir && out[strlen(out) - 1] == '/') {
		if (mkdir(out, 0777) < 0) {
			cli_err("cannot create directory %s: %s", out, strerror(errno));
			return EXIT_INPUT;
		}
		dir = true;
	}
	struct gen gn = {0};
	plan(&o, &gn);
	json_t *bundle = dir ? NULL : json_array();
	int rc = EXIT_OK;
	for (int si = 0; si < o.swvs; si++) {
		json_t *f = make_swv(&o, &gn, si);
		if (dir) {
			char path[4096];
			snprintf(path, sizeof path, "%s/%s.json", out, json_string_value(json_object_get(json_object_get(f, "swv"), "code")));
			if (write_json(f, path) < 0)
				rc = EXIT_INPUT;
			json_decref(f);
			if (rc)
				break;
		} else {
			json_array_append_new(bundle, f);
		}
	}
	if (!dir && !rc) {
		if (write_json(bundle, out) < 0)
			rc = EXIT_INPUT;
		else if (out && stat(out, &st) == 0 && (uint64_t)st.st_size > STORE_FILE_MAX)
			cli_err("warning: %s is larger than the %u MiB that 'passend load' accepts per file; "
			        "write a directory instead (-o DIR/)",
			        out, STORE_FILE_MAX >> 20);
	}
	json_decref(bundle);
	gen_free(&gn);
	if (!rc && !g->quiet && out)
		fprintf(stderr, "passend: generated %d schools in %d SWVs (seed %llu) in %s\n", o.schools, o.swvs,
		        (unsigned long long)o.seed, out);
	return rc;
}

/* ------------------------------------------------------------------ */
/* backup / restore */

static bool is_pg(const char *uri)
{
	return strncmp(uri, "postgresql://", 13) == 0 || strncmp(uri, "postgres://", 11) == 0 ||
	       strncmp(uri, "pg:", 3) == 0 || strstr(uri, "dbname=") || strstr(uri, "host=");
}

static int cmd_backup(struct cli *g, int argc, char **argv)
{
	if (argc != 2 || argv[1][0] == '-') {
		cli_err("usage: passend backup FILE");
		return EXIT_USAGE;
	}
	if (is_pg(g->db)) {
		/* The URI is not echoed: it may hold a password. */
		cli_err("backup: for PostgreSQL use pg_dump, e.g.\n"
		        "  pg_dump --format=custom --file=passend.dump \"$DATABASE_URI\"\n"
		        "and pg_restore to restore it (see docs/operations.md)");
		return EXIT_USAGE;
	}
	struct store *s;
	int rc = cli_open_store(g, false, &s);
	if (rc)
		return rc;
	char err[1024];
	if (store_ops_backup(s, argv[1], err, sizeof err) < 0) {
		cli_err("backup: %s", err);
		store_close(s);
		return EXIT_DB;
	}
	store_close(s);
	if (!g->quiet)
		fprintf(stderr, "passend: backup written to %s\n", argv[1]);
	return EXIT_OK;
}

static int cmd_restore(struct cli *g, int argc, char **argv)
{
	if (argc != 2 || argv[1][0] == '-') {
		cli_err("usage: passend restore FILE");
		return EXIT_USAGE;
	}
	if (is_pg(g->db)) {
		cli_err("restore: for PostgreSQL use pg_restore, e.g.\n"
		        "  pg_restore --clean --if-exists --dbname=\"$DATABASE_URI\" passend.dump\n"
		        "(see docs/operations.md)");
		return EXIT_USAGE;
	}
	struct store *s;
	int rc = cli_open_store(g, true, &s);
	if (rc)
		return rc;
	char err[1024];
	if (store_ops_restore(s, argv[1], err, sizeof err) < 0) {
		cli_err("restore: %s (the database was not changed)", err);
		store_close(s);
		return EXIT_INPUT;
	}
	store_close(s);
	/* A backup from an older passend gets the newer migrations now. */
	if ((rc = cli_open_store(g, true, &s)) != 0)
		return rc;
	store_close(s);
	if (!g->quiet)
		fprintf(stderr, "passend: restored %s from %s\n", g->db, argv[1]);
	return EXIT_OK;
}

const struct cli_command cli_commands_ops[] = {
    {"demo-data", cmd_demo_data, "generate a national demo data set (profile files)",
     "usage: passend demo-data [--schools N] [--swv N] [--seed N] [--words N] [-o DIR/|FILE]\n\n"
     "Generates fictional but realistic SWVs, boards and schools (default 7000\n"
     "schools in 76 SWVs) with several school years of profiles, drafts, stale\n"
     "schools and Dutch text, in the profile interchange format.  With -o DIR\n"
     "(an existing directory, or a path ending in '/') it writes one file per\n"
     "SWV (DIR/PO2001.json ...); otherwise one bundle (a JSON array) to FILE or\n"
     "standard output.  --words sets the mean length of the general text\n"
     "sections (75 words; with the sections generated from the facts a\n"
     "profile has about 600-700 words).\n"
     "The same arguments always give the same output.  Load it with\n"
     "'passend load DIR/*.json' into a database of its own.\n"},
    {"backup", cmd_backup, "write a consistent copy of the database to a file",
     "usage: passend [--db PATH] backup FILE\n\n"
     "Copies the SQLite database with the online backup API: safe while the\n"
     "server runs.  Writes FILE.tmp and renames it to FILE when complete.\n"
     "For PostgreSQL use pg_dump (see docs/operations.md); exit 2.\n"},
    {"restore", cmd_restore, "replace the database with a backup file",
     "usage: passend [--db PATH] restore FILE\n\n"
     "Checks that FILE is an intact passend database (PRAGMA integrity_check)\n"
     "and then replaces the content of the database with it in one\n"
     "transaction.  Stop the server first.  For PostgreSQL use pg_restore.\n"},
    {NULL, NULL, NULL, NULL},
};
