"""The library's relevance set: a catalogue of realistic publications and the queries a
practitioner types, each with the publications that must come up in the top five.

Written before any tuning of the search and not changed to suit it. Each publication has a
title, a summary, topics, a language and, for most, an attached PDF whose pages hold text that
appears nowhere else (case names, statute sections, form numbers), as real advisories do.
"""

# (slug, type slug, title, summary, topics, language, date, [PDF pages])
CATALOGUE = [
    (
        "detainers-county-jails",
        "practice-advisory",
        "Responding to immigration detainers in county jails",
        "How defence lawyers can find out whether a client's jail honours requests from "
        "federal agents to keep people past their release date, and what to argue at "
        "arraignment and bail hearings.",
        ["Detainers", "Crimes and immigration"],
        "en",
        "2024-03-12",
        [
            "Introduction. A request to keep a person in custody for up to 48 hours beyond "
            "the time of release is a request, not an order. Jails that comply without a "
            "judicial warrant risk liability.",
            "Form I-247A is the form used by the agency. It is signed by an immigration "
            "officer, not a judge, and it does not establish probable cause before a court.",
            "The Fourth Amendment analysis follows Miranda-Olivares v. Clackamas County, "
            "where a federal court held the county liable for holding a woman past her "
            "release on a request alone.",
        ],
    ),
    (
        "ice-holds-explainer",
        "faqs-explainers",
        "What is an ICE hold? Questions and answers for families",
        "A plain-language guide to ICE holds: what happens when a relative in jail has one, "
        "how long the jail may keep them, and who to call.",
        ["Detainers", "Know your rights"],
        "en",
        "2023-06-02",
        [
            "If your family member has an ICE hold, the jail may keep them up to two days "
            "after they would otherwise go free. Weekends do not count in some jails.",
            "Call a lawyer before paying bail. Paying bail can lead to a transfer to "
            "immigration custody if the hold is honoured.",
        ],
    ),
    (
        "ice-holds-explainer-es",
        "faqs-explainers",
        "¿Qué es una orden de detención de ICE? Preguntas y respuestas para familias",
        "Una guía sencilla sobre las órdenes de detención de inmigración: qué pasa cuando un "
        "familiar en la cárcel tiene una, cuánto tiempo lo pueden retener y a quién llamar.",
        ["Detainers", "Know your rights"],
        "es",
        "2023-06-02",
        [
            "Si su familiar tiene una orden de detención, la cárcel puede retenerlo hasta dos "
            "días después de la fecha en que saldría libre.",
            "Llame a un abogado antes de pagar la fianza.",
        ],
    ),
    (
        "detainer-policy-toolkit",
        "toolkits-reports",
        "Ending local cooperation: a toolkit for campaigns on jail policies",
        "Model policies, talking points and records requests for organisers who want their "
        "sheriff to stop holding people for federal immigration agents.",
        ["Detainers", "Sheriffs", "Immigration enforcement"],
        "en",
        "2022-09-20",
        [
            "Model policy. The Sheriff shall not hold any person on the basis of an "
            "immigration detainer request unless it is accompanied by a judicial warrant.",
            "Public records request template: all communications between the jail and "
            "Immigration and Customs Enforcement about release notifications.",
        ],
    ),
    (
        "fourth-amendment-holds",
        "practice-advisory",
        "The Fourth Amendment and prolonged detention for immigration agents",
        "Courts across the country have found that keeping someone in jail on an ICE "
        "request alone is a new arrest. This advisory collects the decisions.",
        ["Detainers", "Crimes and immigration"],
        "en",
        "2021-11-04",
        [
            "Cases collected: Galarza v. Szalczyk (3d Cir. 2014); Morales v. Chadbourne "
            "(1st Cir. 2015); Lunn v. Commonwealth (Mass. 2017).",
            "A new arrest requires probable cause of a crime. Civil immigration violations "
            "are not crimes, so the state officer lacks authority to arrest for them.",
            "Remedies: damages actions under section 1983 and state tort claims.",
        ],
    ),
    (
        "287g-agreements-overview",
        "faqs-explainers",
        "287(g) agreements: what they are and where they are",
        "An explainer on agreements that deputise local officers as immigration agents, "
        "the three models, and how to find out whether your county has one.",
        ["287(g)", "Sheriffs", "Immigration enforcement"],
        "en",
        "2025-06-10",
        [
            "The jail enforcement model lets deputised officers question people in custody "
            "and lodge detainers. The task force model allows enforcement in the community.",
            "The warrant service officer model lets jail officers serve administrative "
            "warrants on people already in custody.",
        ],
    ),
    (
        "287g-task-force-report",
        "toolkits-reports",
        "The return of the task force model: a report on new 287 g agreements in 2025",
        "Between May and July 2025 the number of signed agreements rose from 571 to 832. "
        "This report maps the new signers and the models they chose.",
        ["287(g)", "Immigration enforcement"],
        "en",
        "2025-08-01",
        [
            "Of the new agreements, most are task force agreements signed by sheriffs' "
            "offices in Florida and Texas.",
            "Section 287(g) of the Immigration and Nationality Act, 8 U.S.C. § 1357(g), "
            "authorises the agreements.",
        ],
    ),
    (
        "287g-comment-letter",
        "public-comments",
        "Sign-on letter urging the end of 287(g) task force agreements",
        "More than two hundred organisations ask the Department of Homeland Security to "
        "end task force agreements, citing racial profiling findings.",
        ["287(g)", "Immigration enforcement"],
        "en",
        "2019-02-14",
        [],
    ),
    (
        "sheriff-accountability",
        "toolkits-reports",
        "Holding sheriffs accountable: a guide for county residents",
        "Sheriffs are elected. This guide explains the budget process, public comment at "
        "county board meetings and how to ask about the jail's contracts.",
        ["Sheriffs"],
        "en",
        "2020-05-05",
        [
            "Most county boards approve the sheriff's budget every year. Ask for the line "
            "items on jail contracts with federal agencies.",
        ],
    ),
    (
        "daca-renewal-2025",
        "faqs-explainers",
        "DACA renewals in 2025: what recipients should know",
        "Current recipients may still renew. First-time requests are not being processed. "
        "What to file and when.",
        ["DACA"],
        "en",
        "2025-02-03",
        [
            "File Form I-821D, Form I-765 and the worksheet I-765WS between 120 and 150 days "
            "before the current grant expires.",
            "Texas v. United States is still pending before the Fifth Circuit.",
        ],
    ),
    (
        "deferred-action-childhood-arrivals-advisory",
        "practice-advisory",
        "Deferred action for childhood arrivals after the Fifth Circuit decision",
        "Practice pointers for advising young people who received deferred action as "
        "children, travel on advance parole, and criminal bars.",
        ["DACA", "Crimes and immigration"],
        "en",
        "2023-10-17",
        [
            "A conviction for a felony, a significant misdemeanour or three or more "
            "misdemeanours bars a grant of deferred action.",
            "Advance parole travel may later help a recipient adjust status through a "
            "parent or spouse who is a citizen.",
        ],
    ),
    (
        "daca-es",
        "community-alert",
        "Alerta: renovación de la acción diferida (DACA)",
        "Las personas con acción diferida pueden seguir renovando. Lo que hay que presentar.",
        ["DACA"],
        "es",
        "2025-02-05",
        ["Presente los formularios de renovación entre 120 y 150 días antes del vencimiento."],
    ),
    (
        "u-visa-certification",
        "practice-advisory",
        "Getting law enforcement certification for U visa applicants",
        "How to request the certification a U visa petition needs from police, prosecutors "
        "and judges, and what to do when an agency refuses.",
        ["U visas"],
        "en",
        "2022-01-25",
        [
            "The certification is Form I-918 Supplement B. It must be signed by a certifying "
            "official within six months before filing.",
            "Agencies have no duty to sign, but several states require a response within 90 "
            "days, for example California Penal Code section 679.10.",
        ],
    ),
    (
        "t-visa-basics",
        "faqs-explainers",
        "T visas for survivors of trafficking: the basics",
        "Who qualifies for a T visa, what evidence helps, and how it differs from a U visa.",
        ["T visas"],
        "en",
        "2021-07-07",
        ["Form I-914 is filed with supporting evidence of trafficking and of presence."],
    ),
    (
        "asylum-one-year-deadline",
        "practice-advisory",
        "The one-year filing deadline for asylum: exceptions and evidence",
        "A guide to changed and extraordinary circumstances that excuse a late asylum "
        "application, with sample declarations.",
        ["Asylum", "Removal defense"],
        "en",
        "2020-10-01",
        [
            "The deadline runs from the last arrival in the United States. 8 C.F.R. § "
            "208.4(a) lists the exceptions.",
            "Matter of Y-C-, 23 I&N Dec. 286 (BIA 2002), addresses unaccompanied children.",
        ],
    ),
    (
        "asylum-es",
        "faqs-explainers",
        "El asilo: preguntas frecuentes",
        "Quién puede pedir asilo, el plazo de un año y qué pasa en la entrevista.",
        ["Asylum"],
        "es",
        "2021-03-03",
        [],
    ),
    (
        "crimp-guide-pleas",
        "practice-advisory",
        "Immigration consequences of guilty pleas: a quick reference for defenders",
        "A chart of common state offences and their immigration consequences, and how to "
        "advise a non-citizen client before a plea.",
        ["Crimes and immigration"],
        "en",
        "2024-09-09",
        [
            "Padilla v. Kentucky, 559 U.S. 356 (2010), requires defence counsel to advise a "
            "client about the deportation consequences of a plea.",
            "An aggravated felony under 8 U.S.C. § 1101(a)(43) bars most relief.",
            "Crimes involving moral turpitude: the categorical approach of Mathis v. United "
            "States governs the analysis.",
        ],
    ),
    (
        "prosecutorial-discretion-memo",
        "practice-advisory",
        "Asking for prosecutorial discretion in removal proceedings",
        "How to ask government attorneys to dismiss or close a case, which factors they "
        "weigh, and what evidence to gather.",
        ["Prosecutorial discretion", "Removal defense"],
        "en",
        "2022-04-11",
        [
            "Requests go to the Office of the Principal Legal Advisor. Include proof of "
            "community ties, long residence and caregiving for children.",
        ],
    ),
    (
        "know-your-rights-home",
        "community-alert",
        "Know your rights if immigration agents come to your home",
        "You do not have to open the door unless agents show a warrant signed by a judge.",
        ["Know your rights", "Immigration enforcement"],
        "en",
        "2025-01-21",
        ["Ask the agents to slide the warrant under the door. Check that a judge signed it."],
    ),
    (
        "conozca-sus-derechos",
        "community-alert",
        "Conozca sus derechos si agentes de inmigración llegan a su casa",
        "No tiene que abrir la puerta a menos que le muestren una orden firmada por un juez.",
        ["Know your rights", "Immigration enforcement"],
        "es",
        "2025-01-21",
        ["Pida que pasen la orden por debajo de la puerta."],
    ),
    (
        "texas-sb4",
        "faqs-explainers",
        "Texas SB 4 (2023): the state crime of illegal entry",
        "What the 2023 law makes a state crime, which parts a court has blocked, and what "
        "people in Texas should know.",
        ["Texas", "Immigration enforcement"],
        "en",
        "2024-04-02",
        [
            "The law creates a state offence of illegal entry and an order to return to "
            "Mexico. United States v. Texas is pending in the Fifth Circuit.",
        ],
    ),
    (
        "texas-sb4-es",
        "faqs-explainers",
        "La ley SB 4 de Texas (2023): el delito estatal de entrada ilegal",
        "Qué castiga la ley de 2023, qué partes bloqueó un tribunal y qué deben saber las "
        "personas en Texas.",
        ["Texas", "Immigration enforcement"],
        "es",
        "2024-04-02",
        [],
    ),
    (
        "texas-sb4-2017-sanctuary",
        "practice-advisory",
        "Texas SB 4 (2017) and local jails: the ban on sanctuary policies",
        "The 2017 law requires Texas jails to honour every detainer and punishes officials "
        "who limit cooperation. What it does and does not require.",
        ["Texas", "Detainers", "Sheriffs"],
        "en",
        "2017-06-15",
        [
            "City of El Cenizo v. Texas, 890 F.3d 164 (5th Cir. 2018), upheld most of the "
            "law, including the requirement to comply with detainers.",
        ],
    ),
    (
        "california-values-act",
        "practice-advisory",
        "The California Values Act (SB 54) and what it limits",
        "Which kinds of cooperation with immigration agents SB 54 forbids in California, "
        "its exceptions for certain convictions, and the TRUST Act before it.",
        ["California", "Detainers", "Sanctuary policies"],
        "en",
        "2018-01-10",
        [
            "Government Code section 7284.6 bars holding a person on a detainer request. "
            "Transfers are allowed after some serious convictions.",
            "The TRUST Act of 2013, AB 4, first limited detainers in California.",
        ],
    ),
    (
        "trust-act-2013",
        "community-alert",
        "California TRUST Act takes effect January 1",
        "Starting January 1, 2014, California jails may hold people for immigration "
        "authorities only after certain convictions.",
        ["California", "Detainers"],
        "en",
        "2013-12-20",
        [],
    ),
    (
        "sanctuary-policies-map",
        "toolkits-reports",
        "National map of local entanglement with immigration enforcement",
        "Counties shaded by how far their policies limit assistance to federal agents: "
        "detainers, notifications, access to jails.",
        ["Sanctuary policies", "Immigration enforcement", "Detainers"],
        "en",
        "2019-08-30",
        [
            "Method. We reviewed policies from 3,142 counties, including written policies, "
            "sheriff memos and court orders, through public records requests.",
        ],
    ),
    (
        "public-charge-rule",
        "faqs-explainers",
        "Public charge: which benefits count",
        "Using health care, food or housing help does not count against most immigrants. "
        "A guide to the current public charge rule.",
        ["Public charge"],
        "en",
        "2022-12-23",
        ["Medicaid for emergencies, school lunch and WIC are never considered."],
    ),
    (
        "public-charge-comment",
        "public-comments",
        "Comment opposing the proposed public charge rule",
        "Our comment on the proposed rule that would have counted food and housing "
        "assistance against applicants for a green card.",
        ["Public charge"],
        "en",
        "2018-12-10",
        [],
    ),
    (
        "naturalization-bars",
        "practice-advisory",
        "Good moral character and criminal bars to naturalization",
        "A practice guide to the good moral character requirement for citizenship, "
        "conditional bars, and the effect of old arrests.",
        ["Naturalization", "Crimes and immigration"],
        "en",
        "2023-03-15",
        [
            "Form N-400 asks about every arrest, even sealed or expunged records.",
            "The statutory period is five years, or three for spouses of citizens, under "
            "8 U.S.C. § 1427.",
        ],
    ),
    (
        "citizenship-workshop-toolkit",
        "toolkits-reports",
        "Running a citizenship workshop: a toolkit",
        "Checklists, volunteer roles and screening forms for a community citizenship "
        "application day.",
        ["Naturalization"],
        "en",
        "2019-04-04",
        ["Screen every applicant for past arrests and long trips abroad before filing."],
    ),
    (
        "removal-defense-bond",
        "practice-advisory",
        "Bond hearings in immigration court",
        "How to prepare a bond hearing for a detained client: evidence of ties, danger and "
        "flight risk, and appeals.",
        ["Removal defense"],
        "en",
        "2021-05-19",
        [
            "Matter of Guerra, 24 I&N Dec. 37 (BIA 2006), lists the factors an immigration "
            "judge weighs.",
        ],
    ),
    (
        "notario-fraud-alert",
        "community-alert",
        "Beware of notario fraud",
        "Notarios are not lawyers in the United States. How to find real legal help.",
        ["Know your rights"],
        "en",
        "2020-02-20",
        [],
    ),
    (
        "jail-notifications-advisory",
        "practice-advisory",
        "Release date notifications to immigration agents",
        "Many jails tell federal agents when a person will be released even when they "
        "refuse holds. How notification policies work and how to challenge them.",
        ["Immigration enforcement", "Sheriffs"],
        "en",
        "2022-07-27",
        [
            "Notification requests are made on the same Form I-247A as a hold request, "
            "with the box for notification checked.",
        ],
    ),
    (
        "courthouse-arrests",
        "toolkits-reports",
        "Courthouse arrests: a report on enforcement at state courts",
        "Agents arrest people at courthouses. This report documents arrests in six states "
        "and the court rules that limit them.",
        ["Immigration enforcement"],
        "en",
        "2019-11-12",
        ["New York's Protect Our Courts Act bars civil arrests near courthouses."],
    ),
    (
        "unrelated-dog-licences",
        "community-alert",
        "Office closed for the holidays",
        "Our office will be closed from December 24 to January 2. Hold times on our phone "
        "line will be longer the week before.",
        [],
        "en",
        "2024-12-15",
        [],
    ),
    (
        "ice-access-jails",
        "faqs-explainers",
        "Can ICE agents enter the county jail?",
        "Whether Immigration and Customs Enforcement officers may interview people in jail, "
        "and the right to refuse an interview.",
        ["Know your rights", "Sheriffs"],
        "en",
        "2021-09-01",
        ["You may decline to speak with immigration officers and ask for a lawyer."],
    ),
]

# (query, [slugs that must be in the top 5], language of the page)
QUERIES = [
    (
        "detainer",
        ["detainers-county-jails", "ice-holds-explainer", "fourth-amendment-holds"],
        "en",
    ),
    ("detainers", ["detainers-county-jails", "detainer-policy-toolkit"], "en"),
    (
        "ICE hold",
        ["ice-holds-explainer", "detainers-county-jails", "fourth-amendment-holds"],
        "en",
    ),
    ("immigration hold jail", ["detainers-county-jails", "ice-holds-explainer"], "en"),
    (
        "287(g)",
        ["287g-agreements-overview", "287g-task-force-report", "287g-comment-letter"],
        "en",
    ),
    ("287 g", ["287g-agreements-overview", "287g-task-force-report"], "en"),
    ("287g task force", ["287g-task-force-report", "287g-comment-letter"], "en"),
    (
        "deferred action",
        ["daca-renewal-2025", "deferred-action-childhood-arrivals-advisory"],
        "en",
    ),
    ("DACA", ["daca-renewal-2025", "deferred-action-childhood-arrivals-advisory"], "en"),
    ("DACA renewal", ["daca-renewal-2025"], "en"),
    ("Immigration and Customs Enforcement", ["ice-access-jails", "detainer-policy-toolkit"], "en"),
    ("ICE jail access", ["ice-access-jails"], "en"),
    ("Miranda-Olivares", ["detainers-county-jails"], "en"),
    ("I-247A", ["detainers-county-jails", "jail-notifications-advisory"], "en"),
    ("Padilla v. Kentucky", ["crimp-guide-pleas"], "en"),
    ("1357(g)", ["287g-task-force-report"], "en"),
    ("Supplement B", ["u-visa-certification"], "en"),
    ("U visa certification", ["u-visa-certification"], "en"),
    ("Galarza", ["fourth-amendment-holds"], "en"),
    ("El Cenizo", ["texas-sb4-2017-sanctuary"], "en"),
    ("Matter of Guerra bond", ["removal-defense-bond"], "en"),
    ("one year deadline asylum", ["asylum-one-year-deadline"], "en"),
    (
        "sanctuary",
        ["california-values-act", "sanctuary-policies-map", "texas-sb4-2017-sanctuary"],
        "en",
    ),
    (
        "sheriffs",
        ["sheriff-accountability", "detainer-policy-toolkit", "287g-agreements-overview"],
        "en",
    ),
    ("crimes and immigration", ["crimp-guide-pleas", "naturalization-bars"], "en"),
    ("prosecutorial discretion", ["prosecutorial-discretion-memo"], "en"),
    ("guilty plea consequences", ["crimp-guide-pleas"], "en"),
    ("release notification", ["jail-notifications-advisory"], "en"),
    ("good moral character", ["naturalization-bars"], "en"),
    ("N-400 arrests", ["naturalization-bars"], "en"),
    ("SB 54 California", ["california-values-act"], "en"),
    ("Texas SB 4", ["texas-sb4", "texas-sb4-2017-sanctuary"], "en"),
    (
        "orden de detención",
        ["ice-holds-explainer-es", "ice-holds-explainer", "detainers-county-jails"],
        "es",
    ),
    ("acción diferida", ["daca-es", "daca-renewal-2025"], "es"),
    ("asilo", ["asylum-es", "asylum-one-year-deadline"], "es"),
    ("conozca sus derechos", ["conozca-sus-derechos", "know-your-rights-home"], "es"),
    ("SB 4 Texas", ["texas-sb4-es", "texas-sb4"], "es"),
    ("public charge", ["public-charge-rule", "public-charge-comment"], "en"),
    ("courthouse arrests", ["courthouse-arrests"], "en"),
    ("hold", ["ice-holds-explainer", "detainers-county-jails"], "en"),
]
