"""Demo content for the forward commissioning plan of Elmsworth Borough Council.

Elmsworth is fictional: a mid-sized borough with a town centre, market towns and
rural villages, organised into North, Central and South localities. Every figure,
name and address below is invented; email addresses use the reserved .example
domain. Loaded by ``flask --app wsgi demo-data``.
"""

from datetime import date

SERVICE_AREAS = [
    {
        "slug": "adult-social-care",
        "name": "Adult social care",
        "name_cy": "Gofal cymdeithasol oedolion",
    },
    {
        "slug": "children-and-families",
        "name": "Children and families",
        "name_cy": "Plant a theuluoedd",
    },
    {
        "slug": "public-health",
        "name": "Public health",
        "name_cy": "Iechyd y cyhoedd",
    },
    {
        "slug": "housing-and-homelessness",
        "name": "Housing and homelessness",
        "name_cy": "Tai a digartrefedd",
    },
    {
        "slug": "education-and-send",
        "name": "Education and SEND",
        "name_cy": "Addysg ac anghenion addysgol arbennig ac anableddau",
    },
    {
        "slug": "environment-and-waste",
        "name": "Environment and waste",
        "name_cy": "Yr amgylchedd a gwastraff",
    },
    {
        "slug": "highways-and-transport",
        "name": "Highways and transport",
        "name_cy": "Priffyrdd a thrafnidiaeth",
    },
    {
        "slug": "communities-and-leisure",
        "name": "Communities, culture and leisure",
        "name_cy": "Cymunedau, diwylliant a hamdden",
    },
    {
        "slug": "corporate-and-digital",
        "name": "Corporate and digital services",
        "name_cy": "Gwasanaethau corfforaethol a digidol",
    },
]

PLAN_ITEMS = [
    {
        "slug": "home-care-by-locality",
        "title": "Home care for adults, commissioned by locality",
        "summary": (
            "A new home care arrangement built around the North, Central and South localities, so "
            "that care workers spend more time with people and less time on the road."
        ),
        "description_html": (
            "<p>Around <strong>2,150 adults</strong> receive home care funded by the council in a "
            "typical week, adding up to roughly 31,000 hours. Demand has grown by about 6% a year "
            "since 2023, and in the rural North and South we still struggle to start packages "
            "quickly: last winter the average wait for a new package in Upper Wyke and Saltham "
            "Fen was 11 days, compared with 2 days in Elmsworth town.</p><p>We want a small "
            "number of providers in each locality who know their patch, run zoned rounds and work "
            "closely with district nurses and our reablement team. We will pay a rate that covers "
            "travel time and at least the Real Living Wage, and we expect providers to offer "
            "guaranteed hours to care workers who want them.</p><ul><li>three lots, one for each "
            "locality, with a limit on how many lots one provider can win</li><li>support plans "
            "agreed with the person and based on outcomes, not fixed task lists</li><li>open-book "
            "costing reviewed every year</li></ul><p>Provider briefings will be held in "
            "Hollinsby, Elmsworth and Coldwater St Mary. Dates will be posted on our "
            '<a href="https://www.elmsworth.gov.example/commissioning/events">commissioning '
            "events page</a>.</p>"
        ),
        "service_area": "adult-social-care",
        "commissioning_route": "buy",
        "cycle_stage": "do",
        "procurement_route": "competitive_flexible",
        "cpv_division": "85",
        "estimated_annual_value": 18_000_000,
        "estimated_total_value": 126_000_000,
        "contract_length_months": 60,
        "extension_months": 24,
        "market_engagement_date": date(2026, 12, 3),
        "tender_publication_date": date(2027, 5, 10),
        "award_date": date(2027, 9, 24),
        "contract_start_date": date(2028, 1, 10),
        "suitable_for_sme": True,
        "suitable_for_vcs": False,
        "lots": [
            "North locality",
            "Central locality",
            "South locality",
        ],
        "social_value_priorities": [
            "fair_work",
            "local_jobs",
            "net_zero",
        ],
        "contact_name": "Priya Chaudhry",
        "contact_email": "home.care@elmsworth.gov.example",
        "status": "published",
    },
    {
        "slug": "supported-living-learning-disabilities",
        "title": "Supported living for adults with learning disabilities",
        "summary": (
            "A dynamic market for support in people's own tenancies. New providers can join at "
            "any time, helping more people move on from residential care and out-of-area "
            "placements."
        ),
        "description_html": (
            "<p>We fund supported living for 312 adults with a learning disability. Another 41 "
            "people live in residential care outside the borough, some of them more than 60 miles "
            "from their families. Transition plans tell us that about 25 young people a year will "
            "need support as they leave school or college.</p><p>The dynamic market will stay "
            "open to new applicants for its whole life. Individual packages will be offered "
            "through mini-competitions that weigh quality, continuity of staff and knowledge of "
            "the person's community as well as price.</p><p>We are especially keen to hear from "
            "providers who can support autistic people and people whose behaviour challenges "
            "services, using positive behaviour support, and from organisations that are run by "
            "or with people with lived experience.</p>"
        ),
        "service_area": "adult-social-care",
        "commissioning_route": "buy",
        "cycle_stage": "plan",
        "procurement_route": "dynamic_market",
        "cpv_division": "85",
        "estimated_annual_value": 9_400_000,
        "estimated_total_value": 75_200_000,
        "contract_length_months": 60,
        "extension_months": 36,
        "market_engagement_date": date(2027, 2, 15),
        "tender_publication_date": date(2027, 9, 6),
        "award_date": date(2028, 1, 14),
        "contract_start_date": date(2028, 4, 3),
        "suitable_for_sme": True,
        "suitable_for_vcs": True,
        "lots": [],
        "social_value_priorities": [
            "inclusion",
            "local_jobs",
            "fair_work",
        ],
        "contact_name": "Gareth Oyelaran",
        "contact_email": "supported.living@elmsworth.gov.example",
        "status": "published",
    },
    {
        "slug": "extra-care-housing-care-and-support",
        "title": "Care and support in two new extra care housing schemes",
        "summary": (
            "On-site care for residents of two extra care schemes opening in 2028, as we move "
            "away from residential care for older people who could live independently with the "
            "right help."
        ),
        "description_html": (
            "<p>Elmsworth places more older people in residential care than similar councils: 612 "
            "admissions per 100,000 people aged 65 and over last year, against a comparator "
            "average of 520. Many residents told us they moved because their home no longer "
            "suited them, not because they needed care around the clock.</p><p>Two schemes built "
            "with housing association partners open in 2028: <strong>Meadowbank Court</strong> in "
            "Hollinsby (60 apartments) and <strong>The Maltings</strong> in Coldwater St Mary (72 "
            "apartments). For each we need a provider to run a 24-hour on-site team covering "
            "planned care and emergency response, and to host activities that are open to the "
            "surrounding neighbourhood.</p><p>Bidders may apply for one or both lots. Site visits "
            "and a question-and-answer session with the two landlords will take place during "
            "market engagement.</p>"
        ),
        "service_area": "adult-social-care",
        "commissioning_route": "shift",
        "cycle_stage": "plan",
        "procurement_route": "competitive_flexible",
        "cpv_division": "85",
        "estimated_annual_value": 1_650_000,
        "estimated_total_value": 11_550_000,
        "contract_length_months": 60,
        "extension_months": 24,
        "market_engagement_date": date(2027, 3, 8),
        "tender_publication_date": date(2027, 8, 16),
        "award_date": date(2027, 12, 10),
        "contract_start_date": date(2028, 3, 1),
        "suitable_for_sme": True,
        "suitable_for_vcs": True,
        "lots": [
            "Meadowbank Court, Hollinsby",
            "The Maltings, Coldwater St Mary",
        ],
        "social_value_priorities": [
            "community_wellbeing",
            "local_jobs",
        ],
        "contact_name": "Helen Marsh-Adeyemi",
        "contact_email": "extra.care@elmsworth.gov.example",
        "status": "published",
    },
    {
        "slug": "carers-support-service",
        "title": "Support service for unpaid carers",
        "summary": (
            "An all-age service offering unpaid carers information, breaks, wellbeing support and "
            "help with carer's assessments, funded jointly with the NHS."
        ),
        "description_html": (
            "<p>The 2021 Census counted about 24,800 unpaid carers in the borough, and roughly "
            "5,900 of them provide 50 or more hours of care a week. Fewer than one in five is "
            "known to us or recorded as a carer by their GP practice. Young carers and carers "
            "living in villages are the least likely to be reached.</p><p>The current contract "
            "ends in 2028. With the Elmsworth and Vale Integrated Care Board we are looking at "
            "what has worked, and we have heard from carers through a survey and three listening "
            "events. Their messages are consistent: one place to go, breaks that can be booked at "
            "short notice, and being recognised by health staff.</p><p>The new service will be "
            "paid for from our pooled budget with the NHS and bought through an open procedure. "
            "Bids from consortia of local charities, or from a lead provider working with smaller "
            "groups, are welcome.</p>"
        ),
        "service_area": "adult-social-care",
        "commissioning_route": "share",
        "cycle_stage": "review",
        "procurement_route": "open",
        "cpv_division": "85",
        "estimated_annual_value": 720_000,
        "estimated_total_value": 4_320_000,
        "contract_length_months": 48,
        "extension_months": 24,
        "market_engagement_date": date(2027, 5, 4),
        "tender_publication_date": date(2027, 11, 1),
        "award_date": date(2028, 3, 6),
        "contract_start_date": date(2028, 6, 1),
        "suitable_for_sme": True,
        "suitable_for_vcs": True,
        "lots": [],
        "social_value_priorities": [
            "community_wellbeing",
            "inclusion",
        ],
        "contact_name": "Naomi Fairbrother",
        "contact_email": "carers.support@elmsworth.gov.example",
        "status": "published",
    },
    {
        "slug": "integrated-community-equipment-service",
        "title": "Integrated community equipment service with the NHS",
        "summary": (
            "Renewing our partnership with the integrated care board to supply, deliver, collect "
            "and recycle equipment such as hoists, profiling beds and walking aids."
        ),
        "description_html": (
            "<p>The community equipment service makes about 38,000 deliveries and 21,000 "
            "collections a year. It is already run jointly with the NHS, and it is central to "
            "getting people home from hospital on time and keeping them safe once they are "
            "there.</p><p>We propose to renew the "
            '<a href="https://www.legislation.gov.uk/ukpga/2006/41/section/75">Section 75</a> '
            "partnership agreement with the Elmsworth and Vale Integrated Care Board for seven "
            "years, with a pooled budget hosted by the council. The agreement will set shared "
            "targets for same-day delivery when someone is discharged from hospital, and for "
            "recycling, which currently stands at 84% by value.</p><p>No external procurement is "
            "planned at this stage. Part way through the agreement the partners will consider "
            "whether the warehouse and transport operation should be tested against the "
            "market.</p>"
        ),
        "service_area": "adult-social-care",
        "commissioning_route": "share",
        "cycle_stage": "plan",
        "procurement_route": "partnership",
        "cpv_division": "33",
        "estimated_annual_value": 3_100_000,
        "estimated_total_value": 21_700_000,
        "contract_length_months": 84,
        "extension_months": None,
        "market_engagement_date": date(2027, 4, 19),
        "tender_publication_date": None,
        "award_date": date(2028, 1, 14),
        "contract_start_date": date(2028, 4, 3),
        "suitable_for_sme": False,
        "suitable_for_vcs": False,
        "lots": [],
        "social_value_priorities": [
            "net_zero",
        ],
        "contact_name": "Tom Ridgeway",
        "contact_email": "equipment@elmsworth.gov.example",
        "status": "published",
    },
    {
        "slug": "healthy-child-programme-0-19",
        "title": "Public health nursing for children aged 0 to 19 (healthy child programme)",
        "summary": (
            "Health visiting and school nursing, provided with the local NHS community trust "
            "under a partnership agreement so that we can redesign the service together."
        ),
        "description_html": (
            "<p>Health visitors and school nurses reach almost every family in the borough. About "
            "2,900 babies are born here each year and 41,000 children attend our schools. "
            "Breastfeeding at six to eight weeks (44%) and healthy weight in reception year (76%) "
            "are both below the England average, and the gap between our most and least deprived "
            "wards is growing.</p><p>Rather than tender the service, we plan a partnership "
            "agreement with Vale Community Health NHS Trust, which already employs the workforce. "
            "This keeps the service stable while specialist nurses are hard to recruit, and gives "
            "us a jointly governed plan to:</p><ul><li>link health visiting more closely with our "
            "family hubs</li><li>offer more appointments at home and in village "
            "venues</li><li>share outcome data ward by ward</li></ul><p>We will ask parents, "
            "early years settings and schools for their views before the agreement is "
            "finalised.</p>"
        ),
        "service_area": "public-health",
        "commissioning_route": "share",
        "cycle_stage": "analyse",
        "procurement_route": "partnership",
        "cpv_division": "85",
        "estimated_annual_value": 6_800_000,
        "estimated_total_value": 54_400_000,
        "contract_length_months": 60,
        "extension_months": 36,
        "market_engagement_date": date(2028, 4, 10),
        "tender_publication_date": None,
        "award_date": date(2028, 12, 15),
        "contract_start_date": date(2029, 4, 2),
        "suitable_for_sme": False,
        "suitable_for_vcs": False,
        "lots": [],
        "social_value_priorities": [
            "local_jobs",
            "skills",
        ],
        "contact_name": "Fiona Lockhart",
        "contact_email": "healthy.child@elmsworth.gov.example",
        "status": "published",
    },
    {
        "slug": "drug-alcohol-recovery-service",
        "title": "Drug and alcohol treatment and recovery service",
        "summary": (
            "Treatment and recovery support for adults and young people, let in three lots and "
            "shaped by people who have used services themselves."
        ),
        "description_html": (
            "<p>We estimate that 1,180 adults in Elmsworth are dependent on opiates or crack "
            "cocaine and about 2,600 are dependent on alcohol. Only around half of the first "
            "group and a fifth of the second are in treatment, and alcohol-specific hospital "
            "admissions have risen four years in a row.</p><p>The service is split into three "
            "lots so that specialist young people's providers and recovery community "
            "organisations, which are often small, can bid in their own right. The adult provider "
            "will need to work closely with probation, the police custody suite, mental health "
            "teams and GP practices, and to run evening and outreach clinics in the market "
            "towns.</p><p>A panel of people with lived experience helped to write the "
            "specification and will score the quality questions alongside officers.</p>"
        ),
        "service_area": "public-health",
        "commissioning_route": "buy",
        "cycle_stage": "do",
        "procurement_route": "competitive_flexible",
        "cpv_division": "85",
        "estimated_annual_value": 4_200_000,
        "estimated_total_value": 29_400_000,
        "contract_length_months": 60,
        "extension_months": 24,
        "market_engagement_date": date(2026, 12, 14),
        "tender_publication_date": date(2027, 4, 19),
        "award_date": date(2027, 8, 27),
        "contract_start_date": date(2027, 11, 1),
        "suitable_for_sme": True,
        "suitable_for_vcs": True,
        "lots": [
            "Adult treatment and recovery",
            "Young people's substance use service",
            "Recovery community and peer support",
        ],
        "social_value_priorities": [
            "skills",
            "inclusion",
            "community_wellbeing",
        ],
        "contact_name": "Marcus Beadle",
        "contact_email": "substance.misuse@elmsworth.gov.example",
        "status": "published",
    },
    {
        "slug": "stop-smoking-service",
        "title": "Stop smoking service, jointly commissioned with Kingsmere County Council",
        "summary": (
            "Specialist help to quit smoking, including support in pregnancy and for people with "
            "mental illness, bought jointly with a neighbouring council to widen its reach."
        ),
        "description_html": (
            "<p>About 12.4% of adults in the borough smoke. The figure rises to 21% among people "
            "in routine and manual jobs, and 15% of women still smoke when their baby is born. "
            "Additional national funding for stop smoking services lets us expand capacity and "
            "focus on the groups we have found hardest to reach.</p><p>We will run a joint "
            "procurement with Kingsmere County Council, which shares our main hospital trust and "
            "several GP practices. We are looking for behavioural support combined with "
            "medication or vapes where appropriate, community clinics, phone and online options, "
            "and a dedicated pathway in maternity and mental health services.</p><p>Pharmacies, "
            "GP federations and smaller specialist organisations interested in working as "
            "subcontractors are encouraged to come to the market engagement session.</p>"
        ),
        "service_area": "public-health",
        "commissioning_route": "share",
        "cycle_stage": "plan",
        "procurement_route": "competitive_flexible",
        "cpv_division": "85",
        "estimated_annual_value": 540_000,
        "estimated_total_value": 2_700_000,
        "contract_length_months": 36,
        "extension_months": 24,
        "market_engagement_date": date(2027, 4, 12),
        "tender_publication_date": date(2027, 9, 20),
        "award_date": date(2028, 1, 21),
        "contract_start_date": date(2028, 4, 3),
        "suitable_for_sme": True,
        "suitable_for_vcs": True,
        "lots": [],
        "social_value_priorities": [
            "community_wellbeing",
        ],
        "contact_name": "Aisha Rahman",
        "contact_email": "public.health@elmsworth.gov.example",
        "status": "published",
    },
    {
        "slug": "domestic-abuse-safe-accommodation",
        "title": "Safe accommodation and support for survivors of domestic abuse",
        "summary": (
            "Refuge places, dispersed safe homes and specialist support for adult and child "
            "survivors, meeting our duties under the Domestic Abuse Act 2021."
        ),
        "description_html": (
            "<p>Police recorded 4,370 domestic abuse incidents in the borough last year, and our "
            "refuge had to turn away 96 referrals because it was full. Our needs assessment found "
            "gaps for male survivors, LGBT+ survivors, women with large families and people with "
            "no recourse to public funds.</p><p>Under "
            '<a href="https://www.legislation.gov.uk/ukpga/2021/17/part/4">Part 4 of the Act</a> '
            "we must make sure that support in safe accommodation meets local need. The new "
            "contract will fund:</p><ul><li>the 14-unit refuge in Elmsworth, remodelled to add "
            "self-contained flats</li><li>at least 20 dispersed safe homes spread across all "
            "three localities</li><li>workers dedicated to children and young people living in "
            "safe accommodation</li></ul><p>Specialist and by-and-for organisations are strongly "
            "encouraged to bid, on their own or in partnership.</p>"
        ),
        "service_area": "housing-and-homelessness",
        "commissioning_route": "buy",
        "cycle_stage": "plan",
        "procurement_route": "competitive_flexible",
        "cpv_division": "85",
        "estimated_annual_value": 1_250_000,
        "estimated_total_value": 7_500_000,
        "contract_length_months": 48,
        "extension_months": 24,
        "market_engagement_date": date(2027, 6, 7),
        "tender_publication_date": date(2027, 11, 15),
        "award_date": date(2028, 3, 17),
        "contract_start_date": date(2028, 6, 1),
        "suitable_for_sme": True,
        "suitable_for_vcs": True,
        "lots": [
            "Refuge accommodation",
            "Dispersed safe accommodation",
            "Support for children and young people",
        ],
        "social_value_priorities": [
            "community_wellbeing",
            "inclusion",
        ],
        "contact_name": "Claire Okonjo",
        "contact_email": "domestic.abuse@elmsworth.gov.example",
        "status": "published",
    },
    {
        "slug": "homelessness-prevention-floating-support",
        "title": "Homelessness prevention and floating support",
        "summary": (
            "Housing-related support to help people keep their tenancy, settle into a new home or "
            "avoid becoming homeless in the first place."
        ),
        "description_html": (
            "<p>The number of households asking us for help with homelessness rose from 1,640 in "
            "2023/24 to 2,210 in 2025/26, and the number living in temporary accommodation "
            "doubled over the same period. The most common reasons are a private tenancy coming "
            "to an end, family or friends no longer able to put someone up, and rent "
            "arrears.</p><p>The new service will accept referrals from housing officers, "
            "landlords, GPs and residents themselves, and will offer support for up to 12 months. "
            "We expect it to help with budgeting and benefits, talk to landlords early, and "
            "connect people with employment support, debt advice and mental health "
            "services.</p><p>Because much of the borough is rural, bidders will need to explain "
            "how they will reach people in villages with little or no public transport.</p>"
        ),
        "service_area": "housing-and-homelessness",
        "commissioning_route": "buy",
        "cycle_stage": "analyse",
        "procurement_route": "open",
        "cpv_division": "98",
        "estimated_annual_value": 1_900_000,
        "estimated_total_value": 9_500_000,
        "contract_length_months": 36,
        "extension_months": 24,
        "market_engagement_date": date(2027, 10, 4),
        "tender_publication_date": date(2028, 3, 6),
        "award_date": date(2028, 7, 14),
        "contract_start_date": date(2028, 10, 2),
        "suitable_for_sme": True,
        "suitable_for_vcs": True,
        "lots": [],
        "social_value_priorities": [
            "skills",
            "community_wellbeing",
        ],
        "contact_name": "Daniel Whitcombe",
        "contact_email": "housing.commissioning@elmsworth.gov.example",
        "status": "published",
    },
    {
        "slug": "short-breaks-disabled-children",
        "title": "Short breaks for disabled children and young people",
        "summary": (
            "Overnight stays, holiday clubs and one-to-one support in the community, giving "
            "disabled children new experiences and their families a chance to recharge."
        ),
        "description_html": (
            "<p>About 640 disabled children and young people use short breaks. Parent carers tell "
            "us that provision is patchy outside Elmsworth town and in the school holidays, and "
            "19 families are currently waiting for overnight breaks.</p><p>We have designed the "
            "new model with the Elmsworth Parent Carer Forum, in line with the "
            '<a href="https://www.legislation.gov.uk/uksi/2011/707/contents/made">Breaks for '
            "Carers of Disabled Children Regulations 2011</a>. Splitting the service into three "
            "lots lets small local clubs and specialist residential providers bid for the part "
            "that suits them.</p><p>Every bidder will need to show how children and young people "
            "will help choose and shape the activities on offer.</p>"
        ),
        "service_area": "children-and-families",
        "commissioning_route": "buy",
        "cycle_stage": "do",
        "procurement_route": "open",
        "cpv_division": "85",
        "estimated_annual_value": 2_300_000,
        "estimated_total_value": 13_800_000,
        "contract_length_months": 48,
        "extension_months": 24,
        "market_engagement_date": date(2027, 1, 11),
        "tender_publication_date": date(2027, 6, 14),
        "award_date": date(2027, 10, 22),
        "contract_start_date": date(2028, 1, 4),
        "suitable_for_sme": True,
        "suitable_for_vcs": True,
        "lots": [
            "Overnight short breaks",
            "Holiday and weekend activities",
            "One-to-one community support",
        ],
        "social_value_priorities": [
            "inclusion",
            "local_jobs",
        ],
        "contact_name": "Rebecca Tannahill",
        "contact_email": "short.breaks@elmsworth.gov.example",
        "status": "published",
    },
    {
        "slug": "independent-fostering-agency-placements",
        "title": "Independent fostering agency placements",
        "summary": (
            "A dynamic market for foster placements with independent agencies, open to new "
            "agencies throughout its life, so that more children can live close to home."
        ),
        "description_html": (
            "<p>We look after 368 children. About 38% of those in foster care are placed through "
            "independent agencies, and one in four of those placements is more than 20 miles from "
            "Elmsworth, which can mean a change of school and less time with family and "
            "friends.</p><p>The regional framework we use now is closed to new agencies for long "
            "periods. The dynamic market will let agencies join whenever they meet the entry "
            "criteria, and will let us commission groups of placements for brothers and sisters, "
            "parent-and-child arrangements and teenagers moving on from residential "
            "care.</p><p>We will keep recruiting our own foster carers alongside this. The "
            "dynamic market adds to that effort rather than replacing it.</p>"
        ),
        "service_area": "children-and-families",
        "commissioning_route": "buy",
        "cycle_stage": "do",
        "procurement_route": "dynamic_market",
        "cpv_division": "85",
        "estimated_annual_value": 7_500_000,
        "estimated_total_value": 60_000_000,
        "contract_length_months": 48,
        "extension_months": 48,
        "market_engagement_date": date(2027, 2, 1),
        "tender_publication_date": date(2027, 5, 17),
        "award_date": date(2027, 9, 17),
        "contract_start_date": date(2027, 12, 1),
        "suitable_for_sme": True,
        "suitable_for_vcs": True,
        "lots": [],
        "social_value_priorities": [
            "skills",
        ],
        "contact_name": "Owen Pritchard",
        "contact_email": "placements@elmsworth.gov.example",
        "status": "published",
    },
    {
        "slug": "send-home-to-school-transport",
        "title": "Home-to-school transport for children with SEND",
        "summary": (
            "A dynamic market for taxi, minibus and passenger assistant contracts. Local "
            "operators can join at any time and bid for routes as they come up each term."
        ),
        "description_html": (
            "<p>We arrange transport to school or college for about 1,450 pupils with special "
            "educational needs and disabilities, on 520 routes. Costs have risen by 38% in three "
            "years, mainly because more children with education, health and care plans attend "
            "specialist settings some distance from home.</p><p>The dynamic market has three "
            "categories, and routes will be offered through mini-competitions each "
            "term:</p><ul><li>cars and taxis carrying up to eight passengers</li><li>minibuses "
            "and coaches</li><li>passenger assistants</li></ul><p>Small operators and sole "
            "traders are welcome. We will keep paperwork proportionate and accept evidence "
            "already held by our licensing team. We are also expanding independent travel "
            "training so that young people who could travel on their own get the chance to learn "
            "how.</p>"
        ),
        "service_area": "education-and-send",
        "commissioning_route": "buy",
        "cycle_stage": "do",
        "procurement_route": "dynamic_market",
        "cpv_division": "60",
        "estimated_annual_value": 11_200_000,
        "estimated_total_value": 67_200_000,
        "contract_length_months": 48,
        "extension_months": 24,
        "market_engagement_date": date(2026, 12, 7),
        "tender_publication_date": date(2027, 3, 15),
        "award_date": date(2027, 6, 25),
        "contract_start_date": date(2027, 9, 1),
        "suitable_for_sme": True,
        "suitable_for_vcs": False,
        "lots": [
            "Cars and taxis",
            "Minibuses and coaches",
            "Passenger assistants",
        ],
        "social_value_priorities": [
            "local_supply_chain",
            "net_zero",
            "local_jobs",
        ],
        "contact_name": "Sunil Varma",
        "contact_email": "send.transport@elmsworth.gov.example",
        "status": "published",
    },
    {
        "slug": "youth-service-in-house",
        "title": "Bringing the youth service back in-house",
        "summary": (
            "When the current contract ends, the council will run youth clubs, detached youth "
            "work and the youth council itself, working alongside local voluntary groups."
        ),
        "description_html": (
            "<p>Youth work has been delivered under contract since 2019. Attendance at the six "
            "youth centres has fallen by a third, and in our 2026 survey young people in the "
            "villages said there was nothing to do and no way of getting anywhere that had "
            "something on.</p><p>After an options appraisal, Cabinet agreed that the council will "
            "run the core service directly from October 2027. Staff employed by the current "
            "provider will transfer to the council under TUPE. Running the service ourselves lets "
            "us link youth work with family hubs, the youth justice service and schools, and move "
            "detached workers quickly to where they are needed.</p><p>Voluntary youth groups will "
            "still be able to apply for community grants, and we will recruit a panel of young "
            "people to help steer the new service.</p>"
        ),
        "service_area": "children-and-families",
        "commissioning_route": "make",
        "cycle_stage": "do",
        "procurement_route": "in_house",
        "cpv_division": "92",
        "estimated_annual_value": 1_450_000,
        "estimated_total_value": None,
        "contract_length_months": None,
        "extension_months": None,
        "market_engagement_date": date(2026, 12, 1),
        "tender_publication_date": None,
        "award_date": None,
        "contract_start_date": date(2027, 10, 1),
        "suitable_for_sme": False,
        "suitable_for_vcs": False,
        "lots": [],
        "social_value_priorities": [
            "skills",
            "inclusion",
        ],
        "contact_name": "Jordan Ellery",
        "contact_email": "youth.service@elmsworth.gov.example",
        "status": "published",
    },
    {
        "slug": "independent-advocacy",
        "title": "Independent advocacy: Care Act, IMCA and IMHA",
        "summary": (
            "Statutory advocacy for adults who need help to take part in decisions about their "
            "care and support, their mental capacity or their mental health treatment."
        ),
        "description_html": (
            "<p>Demand for statutory advocacy keeps growing. Referrals for advocacy under the "
            '<a href="https://www.legislation.gov.uk/ukpga/2014/23/contents">Care Act 2014</a> '
            "rose by 27% in two years, driven mostly by safeguarding enquiries and work under the "
            "Deprivation of Liberty Safeguards.</p><p>We will buy three lots so that specialist "
            "organisations can bid for the kind of advocacy they know best. Every lot must be "
            "accessible to people with communication needs, including British Sign Language users "
            "and people who do not use speech.</p><p>Organisations led by disabled people, and "
            "partnerships of smaller advocacy groups, are welcome to bid. A provider workshop "
            "will test our proposal to move from hourly rates to a blended price per case.</p>"
        ),
        "service_area": "adult-social-care",
        "commissioning_route": "buy",
        "cycle_stage": "plan",
        "procurement_route": "open",
        "cpv_division": "98",
        "estimated_annual_value": 980_000,
        "estimated_total_value": 4_900_000,
        "contract_length_months": 36,
        "extension_months": 24,
        "market_engagement_date": date(2027, 7, 5),
        "tender_publication_date": date(2027, 10, 18),
        "award_date": date(2028, 2, 11),
        "contract_start_date": date(2028, 5, 2),
        "suitable_for_sme": True,
        "suitable_for_vcs": True,
        "lots": [
            "Care Act advocacy",
            "Independent Mental Capacity Advocacy (IMCA)",
            "Independent Mental Health Advocacy (IMHA)",
        ],
        "social_value_priorities": [
            "inclusion",
        ],
        "contact_name": "Beatrice Nwosu",
        "contact_email": "advocacy@elmsworth.gov.example",
        "status": "published",
    },
    {
        "slug": "vcs-infrastructure-support",
        "title": "Infrastructure support for voluntary and community groups",
        "summary": (
            "A grant for a local organisation to help charities and community groups with funding "
            "bids, governance, volunteering and having a collective say."
        ),
        "description_html": (
            "<p>There are about 1,100 voluntary and community organisations in Elmsworth, most of "
            "them small and run entirely by volunteers. Our third-sector survey shows that their "
            "biggest difficulties are finding funding, understanding how to bid for council work, "
            "recruiting trustees and keeping up with running costs.</p><p>We plan to award a "
            "three-year grant, with the option to extend for two more years, "
            "covering:</p><ul><li>one-to-one advice on governance, finance and "
            "safeguarding</li><li>a volunteer centre that matches volunteers with "
            "groups</li><li>training on bidding and tendering, including for council "
            "contracts</li><li>a forum that gives the sector a shared voice with the council and "
            "the NHS</li></ul><p>We welcome applications from consortia of local groups.</p>"
        ),
        "service_area": "communities-and-leisure",
        "commissioning_route": "buy",
        "cycle_stage": "plan",
        "procurement_route": "grant",
        "cpv_division": "79",
        "estimated_annual_value": 145_000,
        "estimated_total_value": 725_000,
        "contract_length_months": 36,
        "extension_months": 24,
        "market_engagement_date": date(2027, 3, 1),
        "tender_publication_date": date(2027, 6, 7),
        "award_date": date(2027, 9, 10),
        "contract_start_date": date(2027, 12, 1),
        "suitable_for_sme": False,
        "suitable_for_vcs": True,
        "lots": [],
        "social_value_priorities": [
            "community_wellbeing",
            "skills",
        ],
        "contact_name": "Liam Haverford",
        "contact_email": "vcs.support@elmsworth.gov.example",
        "status": "published",
    },
    {
        "slug": "community-grants-programme",
        "title": "Community grants programme 2027 to 2030",
        "summary": (
            "Grants of up to £10,000 for community groups running activities that reduce "
            "loneliness, support families or help people stay active."
        ),
        "description_html": (
            "<p>We want more of the everyday support that keeps people well to be run by "
            "communities themselves. This programme replaces four separate grant schemes with one "
            "fund and one short application form. Decisions will be made by a panel in each "
            "locality that includes residents.</p><p>Last year 212 groups applied to the old "
            "schemes, but fewer than half of the parish and village groups we know about applied "
            "at all. We will hold drop-in sessions in village halls and help groups fill in their "
            "applications.</p><p>Grants will range from £500 to £10,000, with grants over several "
            "years for established groups. Find out more on our "
            '<a href="https://www.elmsworth.gov.example/community-grants">community grants '
            "page</a>.</p>"
        ),
        "service_area": "communities-and-leisure",
        "commissioning_route": "shift",
        "cycle_stage": "do",
        "procurement_route": "grant",
        "cpv_division": "98",
        "estimated_annual_value": 350_000,
        "estimated_total_value": 1_050_000,
        "contract_length_months": 36,
        "extension_months": None,
        "market_engagement_date": date(2027, 1, 25),
        "tender_publication_date": date(2027, 4, 26),
        "award_date": date(2027, 7, 30),
        "contract_start_date": date(2027, 10, 1),
        "suitable_for_sme": False,
        "suitable_for_vcs": True,
        "lots": [],
        "social_value_priorities": [
            "community_wellbeing",
            "inclusion",
        ],
        "contact_name": "Sian Fielding",
        "contact_email": "community.grants@elmsworth.gov.example",
        "status": "published",
    },
    {
        "slug": "library-service-review",
        "title": "Library service review: the mobile library and community-managed branches",
        "summary": (
            "Proposals to withdraw the mobile library and help community groups run four small "
            "branch libraries, while keeping the central and market-town libraries."
        ),
        "description_html": (
            "<p>The mobile library now sees an average of three visitors at each stop, and the "
            "vehicle reaches the end of its life in 2027. Replacing it would cost around "
            "£240,000. We propose to withdraw it and instead offer a volunteer home library "
            "service, book drops in village halls and longer opening hours at Hollinsby and "
            "Coldwater St Mary libraries.</p><p>We also propose that four branch libraries (Upper "
            "Wyke, Saltham Fen, Fenstone and Denby Parva) become community-managed, with the "
            "council still providing books, computers and training. Groups thinking about running "
            "a library are welcome to talk to us before any decision is made.</p><p>The council "
            "must provide a "
            '<a href="https://www.legislation.gov.uk/ukpga/1964/75/section/7">comprehensive and '
            "efficient library service</a>. No decision will be taken until we have considered "
            "every consultation response and an equality impact assessment.</p>"
        ),
        "service_area": "communities-and-leisure",
        "commissioning_route": "stop",
        "cycle_stage": "analyse",
        "procurement_route": "in_house",
        "cpv_division": "92",
        "estimated_annual_value": None,
        "estimated_total_value": None,
        "contract_length_months": None,
        "extension_months": None,
        "market_engagement_date": date(2027, 1, 11),
        "tender_publication_date": None,
        "award_date": None,
        "contract_start_date": date(2027, 10, 1),
        "suitable_for_sme": False,
        "suitable_for_vcs": True,
        "lots": [],
        "social_value_priorities": [
            "community_wellbeing",
        ],
        "contact_name": "Rachel Dunmore",
        "contact_email": "libraries@elmsworth.gov.example",
        "status": "published",
    },
    {
        "slug": "day-opportunities-community",
        "title": "Community-based day opportunities for adults",
        "summary": (
            "Moving from traditional day centres to activities in ordinary community places, with "
            "more choice for people with learning disabilities, autism or dementia."
        ),
        "description_html": (
            "<p>About 540 adults use day services, most of them in four council-owned buildings. "
            "During our review many people said they would rather spend their time where everyone "
            "else does, such as cafes, gyms, allotments, colleges and workplaces. On Fridays less "
            "than 30% of the building space is in use.</p><p>We will set up an open framework so "
            "that a wide range of providers, including small social enterprises and community "
            "groups, can offer activities that people choose using a personal budget or direct "
            "payment. The framework will reopen to new providers every year.</p><p>One building "
            "in Elmsworth will remain as a specialist hub for people with complex needs. Any "
            "change to someone's day will be agreed with them and their family before it "
            "happens.</p>"
        ),
        "service_area": "adult-social-care",
        "commissioning_route": "shift",
        "cycle_stage": "review",
        "procurement_route": "framework",
        "cpv_division": "85",
        "estimated_annual_value": 2_600_000,
        "estimated_total_value": 15_600_000,
        "contract_length_months": 48,
        "extension_months": 24,
        "market_engagement_date": date(2027, 9, 6),
        "tender_publication_date": date(2028, 2, 7),
        "award_date": date(2028, 6, 9),
        "contract_start_date": date(2028, 9, 4),
        "suitable_for_sme": True,
        "suitable_for_vcs": True,
        "lots": [],
        "social_value_priorities": [
            "inclusion",
            "local_supply_chain",
            "skills",
        ],
        "contact_name": "Matthew Greenhalgh",
        "contact_email": "day.opportunities@elmsworth.gov.example",
        "status": "published",
    },
    {
        "slug": "waste-collection-fleet-replacement",
        "title": "Replacement refuse and recycling collection fleet",
        "summary": (
            "Buying and maintaining 46 new collection vehicles, including the council's first "
            "electric refuse trucks, as the current fleet reaches the end of its working life."
        ),
        "description_html": (
            "<p>Our 46 refuse and recycling vehicles are between seven and ten years old, and "
            "breakdowns cost about 1,900 crew hours last year. Weekly food waste collections, "
            "introduced in 2026, have added rounds the current fleet was never sized "
            "for.</p><p>We plan to call off from an established public sector vehicle framework "
            "and to judge bids on whole-life cost, including fuel, servicing and resale value. At "
            "least 12 vehicles working the shortest town rounds will be electric, charged at the "
            "Elmsworth depot.</p><p>Maintenance will be included for seven years, and we will ask "
            "suppliers how local garages and apprentices could be involved in the work.</p>"
        ),
        "service_area": "environment-and-waste",
        "commissioning_route": "buy",
        "cycle_stage": "plan",
        "procurement_route": "framework",
        "cpv_division": "90",
        "estimated_annual_value": 1_750_000,
        "estimated_total_value": 12_250_000,
        "contract_length_months": 84,
        "extension_months": None,
        "market_engagement_date": date(2027, 5, 17),
        "tender_publication_date": date(2027, 10, 11),
        "award_date": date(2028, 1, 28),
        "contract_start_date": date(2028, 5, 2),
        "suitable_for_sme": False,
        "suitable_for_vcs": False,
        "lots": [],
        "social_value_priorities": [
            "net_zero",
            "skills",
        ],
        "contact_name": "Paul Kettering",
        "contact_email": "waste.services@elmsworth.gov.example",
        "status": "published",
    },
    {
        "slug": "street-lighting-led-upgrade",
        "title": "Street lighting LED upgrade, phase two",
        "summary": (
            "Replacing the remaining 14,200 sodium street lights with dimmable LED lanterns and a "
            "central management system, cutting energy bills and carbon emissions."
        ),
        "description_html": (
            "<p>Phase one converted the main roads in Elmsworth town. The remaining 14,200 "
            "lanterns, mostly on residential streets and in the market towns, use sodium lamps "
            "that are costly to run and increasingly difficult to replace. Street lighting uses "
            "about a fifth of all the electricity the council buys.</p><p>The new lanterns will "
            "be linked to a central management system that allows dimming late at night, quicker "
            "fault reporting and gentler lighting near the dark-sky areas in the South of the "
            "borough. We expect energy use to fall by around 60%.</p><p>A competitive flexible "
            "procedure with a dialogue stage will let us explore how the work is phased and when "
            "columns should be replaced too. We expect bidders to use local operatives wherever "
            "they can.</p>"
        ),
        "service_area": "highways-and-transport",
        "commissioning_route": "buy",
        "cycle_stage": "do",
        "procurement_route": "competitive_flexible",
        "cpv_division": "45",
        "estimated_annual_value": 2_200_000,
        "estimated_total_value": 6_600_000,
        "contract_length_months": 36,
        "extension_months": None,
        "market_engagement_date": date(2026, 12, 14),
        "tender_publication_date": date(2027, 6, 21),
        "award_date": date(2027, 11, 5),
        "contract_start_date": date(2028, 2, 1),
        "suitable_for_sme": True,
        "suitable_for_vcs": False,
        "lots": [],
        "social_value_priorities": [
            "net_zero",
            "local_jobs",
        ],
        "contact_name": "Imran Siddiqui",
        "contact_email": "street.lighting@elmsworth.gov.example",
        "status": "published",
    },
    {
        "slug": "grounds-maintenance-in-house",
        "title": "Returning grounds maintenance to the council",
        "summary": (
            "A council team will look after parks, verges, cemeteries and open spaces when the "
            "current contract expires, with more wildlife-friendly management."
        ),
        "description_html": (
            "<p>Grounds maintenance has been outsourced since 2013. An options appraisal compared "
            "retendering with an in-house service and with a company wholly owned by the council. "
            "Running it ourselves came out at a similar cost, gives us more flexibility to "
            "respond to residents and lets us combine grounds work with street cleansing "
            "crews.</p><p>Around 68 staff are expected to transfer to the council. We will switch "
            "to battery-powered mowers and hand tools, and introduce a relaxed mowing regime on "
            "suitable verges to help pollinators.</p><p>Town and parish councils that buy grounds "
            "work through our current contract will be offered a service level agreement. New "
            "vehicles and equipment will be bought through separate procurements.</p>"
        ),
        "service_area": "environment-and-waste",
        "commissioning_route": "make",
        "cycle_stage": "plan",
        "procurement_route": "in_house",
        "cpv_division": "77",
        "estimated_annual_value": 2_900_000,
        "estimated_total_value": None,
        "contract_length_months": None,
        "extension_months": None,
        "market_engagement_date": date(2027, 8, 2),
        "tender_publication_date": None,
        "award_date": None,
        "contract_start_date": date(2028, 4, 3),
        "suitable_for_sme": False,
        "suitable_for_vcs": False,
        "lots": [],
        "social_value_priorities": [
            "net_zero",
            "local_jobs",
            "fair_work",
        ],
        "contact_name": "Karen Yeadon",
        "contact_email": "grounds.maintenance@elmsworth.gov.example",
        "status": "published",
    },
    {
        "slug": "supported-bus-services",
        "title": "Supported local bus services",
        "summary": (
            "Contracts for bus routes that matter to residents but are not run commercially, "
            "including evening and Sunday buses and links to rural villages."
        ),
        "description_html": (
            "<p>We currently pay towards 23 bus routes, which carry about 1.1 million passenger "
            "journeys a year. Many link villages in the North and South with the market towns, "
            "Elmsworth General Hospital and Elmsworth College, and for some people they are the "
            "only way to get to work or appointments.</p><p>Routes will be grouped into lots "
            "sized for smaller operators. Where demand is low we will invite proposals for "
            "demand-responsive buses that can be booked by phone or app, and we will talk to "
            "community transport groups about running some of the quieter routes.</p><p>All "
            "supported routes will need to meet the vehicle, fares and information standards in "
            'our <a href="https://www.elmsworth.gov.example/bus-service-improvement-plan">bus '
            "service improvement plan</a>.</p>"
        ),
        "service_area": "highways-and-transport",
        "commissioning_route": "buy",
        "cycle_stage": "analyse",
        "procurement_route": "open",
        "cpv_division": "60",
        "estimated_annual_value": 3_600_000,
        "estimated_total_value": 25_200_000,
        "contract_length_months": 60,
        "extension_months": 24,
        "market_engagement_date": date(2028, 1, 17),
        "tender_publication_date": date(2028, 6, 5),
        "award_date": date(2028, 10, 6),
        "contract_start_date": date(2029, 1, 8),
        "suitable_for_sme": True,
        "suitable_for_vcs": True,
        "lots": [
            "North locality routes",
            "South locality routes",
            "Elmsworth town and evening services",
            "Demand-responsive transport",
        ],
        "social_value_priorities": [
            "net_zero",
            "local_jobs",
        ],
        "contact_name": "Harriet Colclough",
        "contact_email": "passenger.transport@elmsworth.gov.example",
        "status": "published",
    },
    {
        "slug": "school-meals",
        "title": "School meals for primary and special schools",
        "summary": (
            "Freshly cooked, nutritious meals for the 58 schools that buy into the council's "
            "catering contract, with more food sourced from local farms and suppliers."
        ),
        "description_html": (
            "<p>Fifty-eight primary and special schools buy their meals through our contract, "
            "serving about 2.3 million meals a year. Take-up among pupils eligible for free "
            "school meals is 86%, and paid take-up has fallen since 2020. We want both to "
            "rise.</p><p>Bidders must meet the School Food Standards and hold at least a "
            "bronze-level sustainable food accreditation. We will give credit for seasonal menus, "
            "local meat, dairy and vegetables, and for cutting food waste.</p><p>Head teachers "
            "and a group of pupils helped design the evaluation, and pupils will taste sample "
            "menus from the bidders taken through to the dialogue stage.</p>"
        ),
        "service_area": "education-and-send",
        "commissioning_route": "buy",
        "cycle_stage": "review",
        "procurement_route": "competitive_flexible",
        "cpv_division": "55",
        "estimated_annual_value": 5_600_000,
        "estimated_total_value": 28_000_000,
        "contract_length_months": 36,
        "extension_months": 24,
        "market_engagement_date": date(2028, 2, 7),
        "tender_publication_date": date(2028, 8, 14),
        "award_date": date(2028, 12, 15),
        "contract_start_date": date(2029, 4, 9),
        "suitable_for_sme": True,
        "suitable_for_vcs": False,
        "lots": [],
        "social_value_priorities": [
            "local_supply_chain",
            "net_zero",
            "community_wellbeing",
        ],
        "contact_name": "Emma Stanforth",
        "contact_email": "school.catering@elmsworth.gov.example",
        "status": "published",
    },
    {
        "slug": "it-service-desk",
        "title": "IT service desk and end-user support",
        "summary": (
            "An outsourced first-line service desk and desk-side support for about 3,200 council "
            "staff, bought through a national framework."
        ),
        "description_html": (
            "<p>Our internal IT team handles about 4,800 calls a month. Much of the work is "
            "routine, such as password resets, account changes and setting up new starters, and "
            "it leaves too little time for the digital projects the council needs.</p><p>We "
            "intend to call off from a national public sector framework for a first-line service "
            "desk open from 7am to 7pm on weekdays, with out-of-hours cover for social care and "
            "highways staff. Second-line and infrastructure support will stay in-house.</p><p>We "
            "have not yet decided whether desk-side support at our four main offices should be "
            "part of the contract, and we would welcome suppliers' views.</p>"
        ),
        "service_area": "corporate-and-digital",
        "commissioning_route": "buy",
        "cycle_stage": "analyse",
        "procurement_route": "framework",
        "cpv_division": "72",
        "estimated_annual_value": 850_000,
        "estimated_total_value": 4_250_000,
        "contract_length_months": 36,
        "extension_months": 24,
        "market_engagement_date": date(2027, 11, 8),
        "tender_publication_date": date(2028, 3, 13),
        "award_date": date(2028, 6, 23),
        "contract_start_date": date(2028, 9, 1),
        "suitable_for_sme": True,
        "suitable_for_vcs": False,
        "lots": [],
        "social_value_priorities": [
            "skills",
            "local_jobs",
        ],
        "contact_name": "Nadia Kowalczyk",
        "contact_email": "digital.services@elmsworth.gov.example",
        "status": "draft",
    },
    {
        "slug": "leisure-centre-management",
        "title": "Management of Elmsworth's leisure centres and pool",
        "summary": (
            "A long-term contract to run three leisure centres and a swimming pool, with a "
            "sharper focus on getting inactive people moving and on cutting energy costs."
        ),
        "description_html": (
            "<p>The council owns leisure centres in Elmsworth, Hollinsby and Coldwater St Mary, "
            "and the pool at Carrow Bridge. Together they welcome about 1.3 million visits a "
            "year. The current operator's contract ends in 2029 with no further extension "
            "available.</p><p>We want an operator that will work with us and the NHS on activity "
            "for people with long-term health conditions, keep prices affordable through a "
            "concessions scheme, and invest in making the buildings more energy efficient. The "
            "contract will include an agreed programme of building works, partly funded by the "
            "operator.</p><ul><li>management fee and profit share to be tested with the "
            "market</li><li>a ten-year term with a possible five-year extension</li><li>early "
            "conversations with operators, leisure trusts and social enterprises</li></ul>"
        ),
        "service_area": "communities-and-leisure",
        "commissioning_route": "buy",
        "cycle_stage": "review",
        "procurement_route": "competitive_flexible",
        "cpv_division": "92",
        "estimated_annual_value": 1_100_000,
        "estimated_total_value": 16_500_000,
        "contract_length_months": 120,
        "extension_months": 60,
        "market_engagement_date": date(2028, 3, 6),
        "tender_publication_date": date(2028, 10, 30),
        "award_date": date(2029, 3, 2),
        "contract_start_date": date(2029, 6, 1),
        "suitable_for_sme": False,
        "suitable_for_vcs": True,
        "lots": [],
        "social_value_priorities": [
            "community_wellbeing",
            "net_zero",
            "local_jobs",
        ],
        "contact_name": "Stuart Lamberton",
        "contact_email": "leisure@elmsworth.gov.example",
        "status": "published",
    },
    {
        "slug": "winter-warmth-fuel-poverty",
        "title": "Winter warmth and fuel poverty support programme",
        "summary": (
            "Withdrawn: a planned scheme of energy advice, emergency heating and small home "
            "improvements, paused until national warm homes funding is confirmed."
        ),
        "description_html": (
            "<p>About 14% of households in Elmsworth are in fuel poverty, and the figure is over "
            "25% in some villages in the North that are not on the gas grid. Cold homes add to "
            "winter hospital admissions, and we had planned to commission an advice and small "
            "repairs service starting in autumn 2027.</p><p><strong>This plan has been "
            "withdrawn.</strong> New national warm homes funding is expected to reach households "
            "through a different route, and we do not want to commission a local scheme that "
            "duplicates it. Energy advice will continue through our existing welfare advice "
            "contract in the meantime.</p><p>If you registered an interest in this opportunity, "
            "we will tell you when a revised plan is published.</p>"
        ),
        "service_area": "housing-and-homelessness",
        "commissioning_route": "buy",
        "cycle_stage": "plan",
        "procurement_route": "open",
        "cpv_division": "98",
        "estimated_annual_value": 420_000,
        "estimated_total_value": 1_260_000,
        "contract_length_months": 36,
        "extension_months": None,
        "market_engagement_date": date(2026, 12, 10),
        "tender_publication_date": date(2027, 3, 22),
        "award_date": date(2027, 7, 16),
        "contract_start_date": date(2027, 10, 1),
        "suitable_for_sme": True,
        "suitable_for_vcs": True,
        "lots": [],
        "social_value_priorities": [
            "community_wellbeing",
            "net_zero",
        ],
        "contact_name": "Gwen Ashdown",
        "contact_email": "warm.homes@elmsworth.gov.example",
        "status": "withdrawn",
    },
    {
        "slug": "digital-inclusion-support",
        "title": "Digital inclusion: skills, devices and data for residents",
        "summary": (
            "Grants for community organisations to help residents get online safely, with loaned "
            "devices, free mobile data and patient one-to-one help."
        ),
        "description_html": (
            "<p>We estimate that 17,000 adults in the borough do not use the internet, and many "
            "more lack the confidence to bank, book a GP appointment or claim benefits online. "
            "They are more likely to be older, disabled, on a low income or living where "
            "broadband is poor.</p><p>Rather than build a council team, we intend to fund trusted "
            "local organisations, such as friends-of-library groups, tenants' associations, faith "
            "groups and charities, to run digital help sessions. The money will pay for volunteer "
            "training, a device loan scheme and SIM cards with free data.</p><p>We have not yet "
            "decided how the funding will be shared between localities and would like to hear "
            "from groups already offering digital support.</p>"
        ),
        "service_area": "corporate-and-digital",
        "commissioning_route": "shift",
        "cycle_stage": "analyse",
        "procurement_route": "grant",
        "cpv_division": "80",
        "estimated_annual_value": 180_000,
        "estimated_total_value": 540_000,
        "contract_length_months": 24,
        "extension_months": 12,
        "market_engagement_date": date(2028, 3, 6),
        "tender_publication_date": date(2028, 7, 3),
        "award_date": date(2028, 10, 13),
        "contract_start_date": date(2029, 1, 8),
        "suitable_for_sme": False,
        "suitable_for_vcs": True,
        "lots": [],
        "social_value_priorities": [
            "inclusion",
            "skills",
        ],
        "contact_name": "Kieran Massey",
        "contact_email": "digital.inclusion@elmsworth.gov.example",
        "status": "draft",
    },
    {
        "slug": "adult-weight-management-vouchers",
        "title": "Ending the adult weight management voucher scheme",
        "summary": (
            "We propose to stop paying for commercial slimming group vouchers and to put the "
            "money into healthy weight support for children and their families."
        ),
        "description_html": (
            "<p>Since 2019 we have paid for 12-week vouchers at commercial slimming groups for "
            "adults referred by their GP. Only 31% of people finish the course, and few have kept "
            "the weight off a year later. Free NHS digital weight management support is now "
            "available to many of the same people.</p><p>At the same time, 38% of Year 6 children "
            "in Elmsworth are overweight or living with obesity. We propose to end the voucher "
            "scheme when the current arrangement expires and use the savings, about £160,000 a "
            "year, to expand whole-family healthy weight support through the 0 to 19 service and "
            "community groups.</p><p>We want to hear from GPs, residents and voluntary groups "
            "before a final decision. Anyone who already has a voucher will be able to complete "
            "their course.</p>"
        ),
        "service_area": "public-health",
        "commissioning_route": "stop",
        "cycle_stage": "review",
        "procurement_route": "in_house",
        "cpv_division": "85",
        "estimated_annual_value": None,
        "estimated_total_value": None,
        "contract_length_months": None,
        "extension_months": None,
        "market_engagement_date": date(2027, 9, 13),
        "tender_publication_date": None,
        "award_date": None,
        "contract_start_date": date(2028, 4, 3),
        "suitable_for_sme": False,
        "suitable_for_vcs": False,
        "lots": [],
        "social_value_priorities": [],
        "contact_name": "Aisha Rahman",
        "contact_email": "public.health@elmsworth.gov.example",
        "status": "published",
    },
    {
        "slug": "rough-sleeping-outreach",
        "title": "Rough sleeping outreach team",
        "summary": (
            "The council will run its own street outreach team, working early mornings and "
            "evenings to help people sleeping rough into accommodation and support."
        ),
        "description_html": (
            "<p>Our autumn counts found between 9 and 16 people sleeping rough on a single night "
            "in each of the last three years, but our outreach records show that 148 different "
            "people slept rough at some point during 2025/26. About half were new to the streets, "
            "and more of them are over 50 or living with a serious health condition.</p><p>The "
            "current outreach contract ends in 2028. We propose a council team of five outreach "
            "workers and a mental health nurse seconded from the NHS, based alongside the housing "
            "options service so that an assessment and an offer of somewhere to stay can happen "
            "on the same day.</p><p>We will keep commissioning specialist accommodation and "
            "day-centre support from voluntary organisations, and we will invite them to help "
            "design how the new team works.</p>"
        ),
        "service_area": "housing-and-homelessness",
        "commissioning_route": "make",
        "cycle_stage": "plan",
        "procurement_route": "in_house",
        "cpv_division": "98",
        "estimated_annual_value": 640_000,
        "estimated_total_value": None,
        "contract_length_months": None,
        "extension_months": None,
        "market_engagement_date": date(2027, 10, 11),
        "tender_publication_date": None,
        "award_date": None,
        "contract_start_date": date(2028, 7, 3),
        "suitable_for_sme": False,
        "suitable_for_vcs": False,
        "lots": [],
        "social_value_priorities": [
            "community_wellbeing",
        ],
        "contact_name": "Chloe Brannigan",
        "contact_email": "rough.sleeping@elmsworth.gov.example",
        "status": "published",
    },
]
