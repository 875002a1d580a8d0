#!/usr/bin/env python3
"""Writes tests/eval/expected/*.jsonl from the hand-written lists below.

The lists were written by reading each document (../shared/seeds/*.txt and
the IVO PDFs via pdftotext -layout and page renderings), not from the
importer's output.  Conventions: see README.md.
Spec syntax per line: "kind code [where] [count=N]" or "partner=Name" or
"school code=Value" or "levels N" or "template".
"""
import json, os, sys
S = {}
S['000_42665109d54aa23e'] = """
school swv=De Meierij
school school_year=2025/2026
levels 5
expertise rekenspecialist school
expertise taal_leesspecialist school
expertise intern_begeleider school
expertise anti_pest_coordinator school
expertise hoogbegaafdheidsspecialist school
expertise jonge_kind_specialist school
expertise kindercoach school
expertise vertrouwenspersoon school
expertise onderwijsassistent school
expertise gedragsspecialist school
expertise gedragsspecialist extern
facility plusklas school
need taal school
need rekenen_dyscalculie school
need lezen_dyslexie school
need werkhouding school
need sociaal_emotioneel school
need sociaal_emotioneel extern
need faalangst school
need faalangst extern
need ass school
need ass extern
need adhd school
need adhd extern
need thuissituatie school
need thuissituatie extern
need chronisch_ziek school
need chronisch_ziek extern
need motorisch school
need motorisch extern
need meer_hoogbegaafd school
limit leerachterstand
limit veiligheid
limit medisch_handelen
"""
S['001_7d39cf28540f1dc0'] = """
school name=Nour
school swv=De Meierij
school place=’s-Hertogenbosch
levels 5
expertise intern_begeleider school count=2
expertise gedragsspecialist school count=2
expertise rekenspecialist school count=1
expertise taal_leesspecialist school count=1
expertise vve_coordinator school count=1
expertise jonge_kind_specialist school count=1
expertise logopedist extern
expertise schoolmaatschappelijk_werker extern
facility brede_school school
facility vve school
facility schakelklas school
facility rolstoeltoegankelijk school
facility lift school
facility aangepast_toilet school
need lezen_dyslexie school
need rekenen_dyscalculie school
need taal school
need nt2 school
need jonge_kind school
need tos school
need tos extern
need meer_hoogbegaafd school
need meer_hoogbegaafd extern
need werkhouding school
need werkhouding extern
need sociaal_emotioneel school
need sociaal_emotioneel extern
need gedrag school
need adhd school
need ass school
need thuissituatie school
need thuissituatie extern
need motorisch school
need chronisch_ziek school
need laagbegaafd school
need laagbegaafd extern
limit gedrag_extern
limit veiligheid
limit medisch_handelen
limit verzorging
limit leerproces_anderen
limit capaciteit
limit leerbaarheid
limit ouders
limit draagkracht
partner=Kentalis
partner=GGD
"""
S['002_eafc658fd2c0f95b'] = """
template
school swv=Passenderwijs
"""
S['003_61e32bcca24afbec'] = """
levels 3
facility plusklas extern
facility taalklas extern
expertise beeldcoach extern
expertise dyscalculiespecialist extern
expertise dyslexiespecialist extern
expertise gedragsspecialist extern
expertise jonge_kind_specialist extern
expertise hoogbegaafdheidsspecialist extern
expertise laagbegaafdheidsspecialist extern
expertise nt2_specialist extern
expertise gedragswetenschapper extern
expertise orthopedagoog extern
expertise rekenspecialist extern
expertise taal_leesspecialist extern
expertise onderwijsassistent school count=3
expertise intern_begeleider school
expertise schoolmaatschappelijk_werker extern
expertise logopedist extern
need gedrag extern
need lezen_dyslexie school
need werkhouding school
need laagbegaafd school
need meer_hoogbegaafd school
need sociaal_emotioneel school
need thuissituatie school
limit gedrag_extern
limit veiligheid
limit leerproces_anderen
limit draagkracht
"""
S['004_83590428bacbc1a6'] = """
school name=Loep
school swv=Onderwijs Dat Past
levels 5
admission minimumleeftijd
admission visie_onderschrijven
admission informatieplicht
admission zindelijk
admission proefplaatsing
admission nieuwkomers
limit capaciteit
limit veiligheid
limit draagkracht
need laagbegaafd school
need meer_hoogbegaafd school
need meer_hoogbegaafd extern
need lezen_dyslexie school
need lezen_dyslexie extern
need taal school
need rekenen_dyscalculie school
need sociaal_emotioneel school
need sociaal_emotioneel extern
need gedrag school
need gedrag extern
need werkhouding school
need nt2 school
need tos extern
need auditief extern
need thuissituatie extern
expertise intern_begeleider school count=2
expertise gedragsspecialist school
expertise rekenspecialist school
expertise kindercoach school
expertise vertrouwenspersoon school
expertise onderwijsassistent school
expertise logopedist extern
expertise fysiotherapeut extern
expertise jeugdprofessional extern
expertise schoolmaatschappelijk_werker extern
facility taalklas school
facility ondersteuningsklas school
facility rekenklas school
facility plusklas extern
facility lift absent
partner=Samenwerkingsverband Onderwijs Dat Past
partner=Mevis
partner=Auris
partner=Enver
partner=CJG
partner=Yets
partner=Leerrecht
partner=Steunpunt onderwijs
partner=Veilig thuis
partner=Steunpunt huiselijk geweld
partner=Crisisinterventieteam
partner=Jeugdbeschermingsplein
partner=Forta
partner=Yulius
partner=MC kinderplein
"""
ALL13 = ['visueel','auditief','tos','laagbegaafd','motorisch','chronisch_ziek','ass','adhd','psychiatrisch','gedrag','lezen_dyslexie','nt2']
def grid(school, extern):
    return "\n".join(["need %s school" % c for c in school] + ["need %s extern" % c for c in extern])
S['01FX'] = """
school name=SO De Bodde
school place=Tilburg
levels 4
school swv=Plein013
""" + grid(['laagbegaafd','motorisch','ass','adhd','faalangst','gedrag'],
           ['visueel','auditief','tos','laagbegaafd','motorisch','chronisch_ziek','ass','adhd','faalangst','psychiatrisch','gedrag','nt2']) + """
facility begeleidingsruimte school
facility rolstoeltoegankelijk school
facility time_out_ruimte school
facility verzorgingsruimte school
expertise intern_begeleider school
expertise orthopedagoog school
expertise gedragswetenschapper school
expertise onderwijsassistent school
expertise logopedist school
expertise schoolmaatschappelijk_werker extern
partner=SMW
partner=Bureau Jeugdzorg
partner=GGD
partner=MEE
partner=(Kinder)ziekenhuis
partner=KDC
partner=MKD
partner=Gemeente ketenzorg
partner=Zorginstellingen
partner=AMO (actieve ondersteuning)
partner=CCE (centrum consultatie en expertise)
partner=Visio
partner=Kempenhage (epilepsiecentrum)
"""
S['07CC'] = """
school name=Tiliander
school swv=Plein013
""" + grid(['laagbegaafd','ass','adhd','lezen_dyslexie'], ALL13) + """
facility plusklas school
facility rolstoeltoegankelijk school
facility time_out_ruimte school
facility vve school
expertise intern_begeleider school count=2
expertise onderwijsassistent school
expertise schoolmaatschappelijk_werker extern
partner=SMW
partner=Bureau Jeugdzorg
partner=GGD
partner=GGZ
partner=MEE
partner=(Kinder)ziekenhuis
partner=Revalidatiekliniek
partner=Gemeente, leerplicht
partner=Politie
partner=Fysiotherapeuten en logopedie
"""
S['09JP'] = """
school name=de Regenboog
school swv=Plein013
school place=Tilburg
school board=Stichting Tangent
""" + grid(['gedrag','lezen_dyslexie','nt2'], ALL13 + ['faalangst']) + """
facility begeleidingsruimte school
facility rolstoeltoegankelijk school
facility time_out_ruimte school
facility aangepast_toilet school
expertise intern_begeleider school
expertise taal_leesspecialist school
expertise rekenspecialist school
expertise gedragsspecialist school
expertise dyslexiespecialist school
expertise remedial_teacher school
expertise onderwijsassistent school count=2
expertise schoolmaatschappelijk_werker extern
expertise vve_coordinator school
facility lift school
facility brede_school school
facility vve school
need rekenen_dyscalculie school
partner=CJG
partner=SMW
partner=Bureau Jeugdzorg
partner=GGD
partner=GGZ
partner=MEE
partner=Revalidatiekliniek
partner=Politie
partner=Gemeente, leerplicht
partner=Gemeente: Brede school
partner=Gemeente Schakelklassen
partner=Gemeente Ketenzorg
partner=Peuterspeelzaal
"""
S['11XT'] = """
school name=SBO Noorderlicht
school swv=Plein013
""" + grid(['tos','laagbegaafd','motorisch','chronisch_ziek','ass','adhd','lezen_dyslexie','gedrag','nt2'],
           ['tos','laagbegaafd','motorisch','chronisch_ziek','ass','adhd','lezen_dyslexie','psychiatrisch','gedrag','nt2']) + """
facility begeleidingsruimte school
facility rolstoeltoegankelijk school
facility time_out_ruimte school
facility verzorgingsruimte school
expertise intern_begeleider school
expertise orthopedagoog school
expertise logopedist school
expertise onderwijsassistent school
expertise schoolmaatschappelijk_werker extern
partner=SMW
partner=Bureau Jeugdzorg
partner=GGD
partner=GGZ
partner=MEE
partner=(Kinder)ziekenhuis
partner=Justitiële inrichting
partner=Gemeente brede school
partner=Gemeente VVE
partner=Gemeente ketenzorg
"""
S['12AT'] = """
school name=Wandelbos
school swv=Plein013
school place=Tilburg
""" + grid(['ass','adhd','lezen_dyslexie','gedrag','nt2','meer_hoogbegaafd'], ['tos','psychiatrisch']) + """
facility begeleidingsruimte school
facility plusklas school
facility taalklas extern
expertise intern_begeleider school
expertise onderwijsassistent school
expertise remedial_teacher school count=3
partner=SMW
partner=GGD
partner=Gemeente, leerplicht
partner=Politie
"""
S['23ZH'] = """
school name=Yore
school swv=Plein013
""" + grid(['motorisch','ass','adhd','lezen_dyslexie','gedrag','nt2'], ['auditief','tos']) + """
facility begeleidingsruimte school
expertise intern_begeleider school
expertise orthopedagoog extern
expertise vertrouwenspersoon school
partner=SMW
partner=Bureau Jeugdzorg
partner=GGD
partner=GGZ
partner=MEE
partner=Gemeente, leerplicht
partner=Politie
"""
out = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'expected')
for name, spec in S.items():
    lines = []
    for ln in spec.strip().splitlines():
        ln = ln.strip()
        if not ln: continue
        if ln == 'template':
            lines.append({"template_only": True}); continue
        if ln.startswith('partner='):
            lines.append({"kind": "partner", "value": ln[8:]}); continue
        p = ln.split(' ', 1)
        kind, rest = p[0], p[1]
        if kind == 'school':
            code, val = rest.split('=', 1)
            lines.append({"kind": "school", "code": code, "value": val}); continue
        if kind == 'levels':
            lines.append({"kind": "levels", "count": int(rest)}); continue
        t = rest.split()
        o = {"kind": kind, "code": t[0]}
        for x in t[1:]:
            if x in ('school', 'extern'): o['where'] = x
            elif x == 'absent': o['present'] = False
            elif x.startswith('count='): o['count'] = int(x[6:])
        lines.append(o)
    with open(os.path.join(out, name + '.jsonl'), 'w') as f:
        for o in lines:
            f.write(json.dumps(o, ensure_ascii=False) + '\n')
