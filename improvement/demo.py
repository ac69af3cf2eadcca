"""Demo data of the improvement app, drawn from the seed papers in shared/seeds.

- Wirral (344): the Written Statement of Action approved on 28 March 2022 with
  its six areas of concern and the actions the April 2022 review template names,
  their progress, evidence of impact and key next steps (the review's own
  words); the March 2022 period (at approval) is closed, April 2022 is open.
  The Improvement Notice of May 2024 with ten improvement areas, areas 4, 8 and
  9 moved to business as usual at the DfE and NHS England stocktake of 26
  November 2024 (the committee report of 22 January 2025), and actions taken
  from that report. A risk register, the December 2024 board meeting with the
  EHCP recovery options 1–8 (2, 4, 6 and 7 adopted; 1, 3, 5 and 8 not, each
  with the board's reason) and an action log carried from the stocktake.
- Walsall (335): a WSoA of 184 actions whose counts by status are exactly
  Walsall's "Overall Programme Status" table (January 2021): the September 2020
  Board (closed) and the December 2020 Board (current).
- Sefton (343): the Delivering Better Value projects (July–September 2024), the
  improvement groups' priorities, the Annex A evidence library with Sefton's
  counts (2 High Risk, 12 Work underway, 11 Complete, 11 Complete but update
  required) and a risk register.

What the papers do not print is filled in plainly and said so in the data:
the review names actions by code and heading, not their full wording, so action
titles are the headings; milestones are illustrative (after the approval date);
Walsall's paper does not list its nine areas of concern or its 184 actions, so
their titles are drawn from the themes of the report; Sefton's slides name only
the High Risk and Work underway evidence items, so the other 22 titles are
illustrative. People are named by role, except the workstream leads the WSoA
review names in its published board membership.
"""

import csv
import io
from datetime import date, timedelta

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from . import calculations, services
from .models import (
    Action,
    ActionStatus,
    ActionUpdate,
    AreaReview,
    EvidenceItem,
    EvidenceStatus,
    PeriodKind,
    PlanKind,
    Workstream,
)

S = ActionStatus


def load(*, areas, stdout):
    users = {u.username: u for u in get_user_model().objects.filter(username__in=["lead", "board", "officer"])}
    lead, officer = users.get("lead"), users.get("officer")
    with transaction.atomic():
        wirral = _wirral(areas["344"], lead, officer)
        walsall = _walsall(areas["335"], lead)
        sefton = _sefton(areas["343"], lead)
    stdout.write(f"improvement: {wirral}; {walsall}; {sefton}")


# ---------------------------------------------------------------- helpers


def _workstream(area, lead_user, name, lead_name, members=()):
    return services.workstream_save(
        area=area, user=lead_user, name=name, description="", lead_user=None, lead_name=lead_name, members=members
    )


def _area(plan, lead_user, number, title, wording="", workstream=None, lead_name="", **extra):
    return services.area_save(
        plan=plan,
        user=lead_user,
        number=number,
        title=title,
        inspection_wording=wording,
        lead_user=None,
        lead_name=lead_name,
        workstream=workstream,
        status=extra.pop("status", "active"),
        bau_date=extra.pop("bau_date", None),
        bau_agreed_by=extra.pop("bau_agreed_by", ""),
        publishable=extra.pop("publishable", False),
        public_summary=extra.pop("public_summary", ""),
    )


def _action(
    plan,
    lead_user,
    concern,
    code,
    title,
    milestone,
    *,
    owner=None,
    owner_name="",
    workstream=None,
    description="",
    status=S.NOT_STARTED,
    reason="",
    mitigation="",
):
    return services.action_save(
        plan=plan,
        user=lead_user,
        code=code,
        title=title,
        description=description,
        area_of_concern=concern,
        owner_user=owner,
        owner_name="" if owner else owner_name,
        workstream=workstream if workstream is not None else concern.workstream,
        milestone=milestone,
        status=status,
        reason=reason,
        mitigation=mitigation,
    )


def _period(plan, lead_user, month, label, starts_on, ends_on, kind=PeriodKind.BOARD):
    return services.period_create(
        plan=plan, user=lead_user, month=month, label=label, kind=kind, starts_on=starts_on, ends_on=ends_on
    )


def _update(action, period, user, status, progress="", evidence="", next_steps="", reason="", mitigation="", risks=""):
    return services.action_update_save(
        action=action,
        period=period,
        user=user,
        status=status,
        progress=progress,
        evidence_of_impact=evidence,
        next_steps=next_steps,
        reason=reason,
        mitigation=mitigation,
        risks_issues=risks,
    )


def _risk(
    area,
    lead_user,
    reference,
    title,
    category,
    likelihood,
    impact,
    *,
    owner_name="",
    owner=None,
    workstream=None,
    mitigation="",
    target=None,
    review_in_days=30,
    description="",
    status="open",
):
    return services.risk_save(
        area=area,
        user=lead_user,
        reference=reference,
        title=title,
        description=description,
        category=category,
        owner_user=owner,
        owner_name="" if owner else owner_name,
        workstream=workstream,
        likelihood=likelihood,
        impact=impact,
        mitigation=mitigation,
        target_score=target,
        status=status,
        next_review_date=timezone.localdate() + timedelta(days=review_in_days),
    )


# ---------------------------------------------------------------- Wirral

WIRRAL_WORKSTREAMS = [
    (
        "Workstream 1 – Information, data and joint commissioning",
        "Jason Oxley, Assistant Director Care and Health and Commissioning for People, Wirral Council",
    ),
    (
        "Workstream 2 – EHC assessments and annual reviews",
        "Carly Brown, Assistant Director Strategy and Partnerships, Wirral Council",
    ),
    (
        "Workstream 3 – Co-production and communication",
        "Elizabeth Hartley, Assistant Director Early Help and Prevention, Wirral Council",
    ),
    ("Workstream 4 – Graduated response", "James Backhouse, Assistant Director Education, Wirral Council"),
    (
        "Workstream 5 – Parental confidence and strategic oversight",
        "Richard Crockford, Deputy Director Patient Safety and Quality, Wirral CCG",
    ),
    ("Workstream 6 – Local offer", "Mike Chantler, Assistant Director Communication, Wirral CCG"),
]

WIRRAL_AREAS = [
    (
        1,
        "Information, data and joint commissioning",
        "The lack of accurate, up-to-date and useful information which informs the area's plans and evaluates the "
        "impact of their actions.\nThe lack of joint commissioning of services in the area.",
    ),
    (
        2,
        "Quality and timeliness of EHC assessments and annual reviews",
        "Weaknesses in the quality & timeliness of EHC assessments and Annual Review",
    ),
    (
        3,
        "Relationships, co-production and communication with parents and carers",
        "Fractured relationships between the area and the Parent Carer Partnership Wirral and the impact of this on "
        "the area's progress in implementing the reforms\nThe lack of meaningful co-production with parents and "
        "carers\nPoor communication with parents and carers across the area",
    ),
    (
        4,
        "The graduated response",
        "The graduated response not being consistently applied across all schools and settings",
    ),
    (
        5,
        "Parental satisfaction and strategic oversight",
        "High level of parental dissatisfaction with the area's provision\nLack of strategic oversight to ensure "
        "effectiveness of plans and provision",
    ),
    (
        6,
        "The local offer",
        "The published local offer not being well publicised and not providing parents and carers with the "
        "information that they need",
    ),
]

SYSTEMS_AUDIT = (
    "An indicator definition template has been developed and circulated to indicator owners asking them to specify "
    "where data is currently captured. If data is recorded in a system, then this will be recorded in the template. "
    "All templates will be completed by end of May 2022 and a report presented to the SEND Transformation Board in "
    "June 2022 highlighting where data is currently held across different partner agencies and identifying where "
    "there are opportunities for greater sharing of data through systems, platforms and processes."
)
DATA_COLLECTION = (
    "Collaboration across the Local Area has enabled identification of five indicators needed to monitor and "
    "effectively review performance: number of referrals received; number of referrals progressed; % of referrals "
    "seen within timescale; average waiting times; outcomes. Currently, this data is not consistently captured "
    "across all services. We have met with data leads from the three Health providers and asked them to complete a "
    "simple template indicating what data is currently available. Responses have already been received from Wirral "
    "University Teaching Hospital and Wirral Community Health & Care NHS Trust. The existing SEND Dashboard will be "
    "enhanced to include the additional Health indicators for reporting from Q1 2022. A survey was sent to parents "
    "and carers of children and young people with SEND, consulting on themes for future surveys; it received 173 "
    "responses."
)
REPORTING = (
    "A new Performance & Accountability Model for SEND has been developed. Each service area will have their own "
    "suite of performance information which will feed into and populate a scorecard with historic data, current "
    "data and benchmark information where available. From the scorecard, a dozen Key Performance Indicators will be "
    "selected and will form the Strategic Dashboard. The Dashboard and scorecard will be shared with the SEND "
    "Transformation Board and Workstream 1 Lead to highlight any potential areas of concern: a clearly defined "
    "method for reporting by exception, with 'deep dives' into areas where performance has declined or is outside "
    "an agreed tolerance. Areas of concern will be recorded in a Data Risk Tracker."
)

# code, title, milestone, status, progress (None: see the group's first action), owner is officer
WIRRAL_ACTIONS = {
    1: [
        (
            "1.1.a",
            "Systems audit: where each indicator's data is captured",
            date(2022, 5, 31),
            S.IN_PROGRESS,
            SYSTEMS_AUDIT,
            True,
        ),
        (
            "1.1.b",
            "Systems audit: report to the Board on data held across partner agencies",
            date(2022, 6, 30),
            S.IN_PROGRESS,
            "Covered by the systems audit update (1.1.a–c): report due at the June 2022 Board.",
            False,
        ),
        (
            "1.1.c",
            "Systems audit and data collection: indicator definitions",
            date(2022, 5, 31),
            S.IN_PROGRESS,
            "Health providers and Local Authority data owners have been asked to complete an indicator definition "
            "template, which will highlight what systems are used to capture data and define how each indicator is "
            "calculated.",
            False,
        ),
        (
            "1.1.e",
            "Data collection: indicators to monitor and review performance",
            date(2022, 6, 30),
            S.IN_PROGRESS,
            DATA_COLLECTION,
            False,
        ),
        (
            "1.1.f",
            "Data collection: additional Health indicators in the SEND dashboard",
            date(2022, 7, 31),
            S.IN_PROGRESS,
            "Covered by the data collection update (1.1.c, e, f): Health indicators from Q1 2022.",
            False,
        ),
        (
            "1.1.g",
            "Reporting: performance and accountability model, scorecard and strategic dashboard",
            date(2022, 9, 30),
            S.IN_PROGRESS,
            REPORTING,
            True,
        ),
        (
            "1.2.a",
            "Appointment of a Joint Commissioner for Children & Young People",
            date(2022, 5, 9),
            S.COMPLETE,
            "A strategic Joint Commissioner for Children & Young People has been appointed and commences in role on "
            "9th "
            "May 2022. As a priority, the postholder will be responsible for implementing robust governance "
            "arrangements for SEND joint commissioning in line with the Code of Practice.",
            False,
        ),
        (
            "1.2.b",
            "Commissioning provision",
            date(2022, 9, 30),
            S.IN_PROGRESS,
            "An action plan has been developed for the joint commissioning of Speech and Language Therapy. A meeting "
            "has "
            "taken place with the Youth Justice Service to engage in the new jointly commissioned specification. Four "
            "new inclusion bases have been commissioned in collaboration by the Local Authority and education, "
            "securing "
            "additional provision for children and young people with SEMH needs and ASC in mainstream settings.",
            False,
        ),
        (
            "1.2.c",
            "Induction: joint commissioning subgroup established",
            date(2022, 6, 30),
            S.IN_PROGRESS,
            "The sub-group for joint commissioning has been developed with members identified.",
            False,
        ),
        ("1.2.d", "Induction: joint commissioning governance", date(2022, 7, 31), S.NOT_STARTED, None, False),
        (
            "1.2.e",
            "Joint Strategic Needs Assessment (JSNA)",
            date(2022, 9, 30),
            S.IN_PROGRESS,
            "A draft JSNA has been circulated to wider health, education and Local Authority colleagues for input and "
            "review. A timeline for completion has been agreed.",
            False,
        ),
        ("1.2.g", "Induction: joint commissioning programme", date(2022, 9, 30), S.NOT_STARTED, None, False),
        (
            "1.2.h",
            "Induction: stakeholders in joint commissioning arrangements",
            date(2022, 9, 30),
            S.NOT_STARTED,
            None,
            False,
        ),
        (
            "1.2.i",
            "Induction programme for the Joint Commissioner",
            date(2022, 6, 30),
            S.IN_PROGRESS,
            "An induction programme has been outlined for the new Joint Commissioner for Children & Young People, with "
            "initial key tasks identified.",
            False,
        ),
    ],
    2: [
        *[
            (
                f"2.1.{letter}",
                f"EHC assessment and annual review improvement: action 2.1.{letter}",
                date(2022, 9, 30),
                S.IN_PROGRESS,
                "Introductory meetings and regular one-to-ones have been established for the Head of SEND and SEND "
                "Manager to ensure that work is synergised between business-as-usual activity and service improvement "
                "requirements."
                if letter == "a"
                else None,
                False,
            )
            for letter in "abcdef"
        ],
        (
            "2.2.a",
            "EHCP compliance checklist",
            date(2022, 6, 30),
            S.IN_PROGRESS,
            "An EHCP Compliance Checklist has been drafted and will be discussed with key stakeholders.",
            False,
        ),
        (
            "2.2.b",
            "EHCP quality standards",
            date(2022, 6, 30),
            S.IN_PROGRESS,
            "A set of EHCP Quality Standards has been drafted and will be discussed with key stakeholders.",
            False,
        ),
    ],
    3: [
        (
            "3.2.a",
            "PCPW representation on the Board and subgroups",
            date(2022, 5, 31),
            S.IN_PROGRESS,
            "PCPW representatives (the PCPW Chair and a PCPW representative) are confirmed members of the SEND "
            "Transformation Board. Subgroup membership for PCPW representatives is being finalised by each of the "
            "Workstream Leads.",
            False,
        ),
        (
            "3.3.d",
            "Increasing face-to-face engagement",
            date(2022, 7, 31),
            S.IN_PROGRESS,
            "Monthly face-to-face SEND parent/carer events are taking place in Wirral schools, in the mornings, after "
            "school drop-off and at 6pm to allow working parents to attend: March at Castleway Primary School, April "
            "at "
            "St Albans Primary School, May at Holy Trinity Primary School, June at Prenton High School, July at Orrets "
            "Meadow Specialist Provision School.",
            False,
        ),
    ],
    4: [
        (
            "4.1.g",
            "Graduated response: SEND Support and Early Intervention Team (Wave 2)",
            date(2022, 7, 31),
            S.IN_PROGRESS,
            "A new team to provide additional capacity for early intervention has been devised, to support the "
            "universal offer in schools and facilitate wave 2 early intervention support: 3.0 FTE Inclusion Strategy "
            "Managers, 3.0 FTE Inclusion Officers, 1.0 FTE Participation Support Worker and 1.0 FTE Business Support "
            "Worker, anticipated to be in post during the summer term.",
            False,
        ),
        (
            "4.1.h",
            "Developing a robust training and support package",
            date(2022, 12, 31),
            S.IN_PROGRESS,
            "Engagement has taken place with headteacher groups across Wirral to better understand training needs of "
            "teaching staff and SENCOs. This will be followed by a survey to capture the training staff have been able "
            "to attend and undertake gap analysis.",
            False,
        ),
    ],
    5: [
        (
            "5.1.a",
            "Learning from complaints and tribunals",
            date(2022, 7, 31),
            S.IN_PROGRESS,
            "An initial audit of 20 complaints that originate from the EHCP processes and progress into tribunals has "
            "commenced: 5 have been reviewed and the remaining 15 are in progress. Key tribunal findings will be "
            "reviewed to understand how mediation could reduce the need for future tribunals.",
            False,
        ),
        (
            "5.1.c",
            "Parent and carer survey",
            date(2022, 6, 30),
            S.IN_PROGRESS,
            "A parent and carer survey has been undertaken with 173 responses received; responses are being analysed "
            "and a report will be shared with the SEND Transformation Board, liaising with Workstream 3.",
            False,
        ),
        (
            "5.1.d",
            "Performance data: health services dashboard",
            date(2022, 9, 30),
            S.IN_PROGRESS,
            "The Health Partners Sub-group has produced a dashboard of performance across all NHS health services with "
            "significant impact into health provision through EHCPs; it will be aligned to the wider local area "
            "dashboard.",
            False,
        ),
        (
            "5.1.g",
            "Quality of education for children and young people with SEMH and ASC needs",
            date(2022, 9, 30),
            S.IN_PROGRESS,
            "Aligned with Workstreams 1 and 4: four new bases commissioned across Wirral.",
            False,
        ),
        (
            "5.2.c",
            "Quality of professional advice",
            date(2022, 9, 30),
            S.IN_PROGRESS,
            "Refresher training for health advice writers; a sample of health advices is audited each month for "
            "quality "
            "compliance, monitored through the Health Partners Subgroup.",
            False,
        ),
    ],
    6: [
        (
            "6.1.b",
            "Scoping the Local Offer website",
            date(2022, 7, 31),
            S.IN_PROGRESS,
            "Research of other areas' local offers is in progress to inform the first subgroup meeting.",
            False,
        ),
        (
            "6.1.e",
            "Local Offer Development Group",
            date(2022, 5, 31),
            S.IN_PROGRESS,
            "Subgroup members have been identified and a meeting is scheduled for week commencing 3rd May 2022.",
            False,
        ),
    ],
}

WIRRAL_REVIEWS = {
    1: (
        "74 new places commissioned for children and young people with SEMH needs and ASC. Positive feedback from "
        "schools and Local Authority senior managers on the commissioning of inclusion bases. No measurable evidence "
        "of impact yet from the data analysis actions at this early stage.",
        "Indicator definition templates to be completed by all indicator owners by end of May 2022\n"
        "A report on the data systems audit to be presented to the SEND Transformation Board in June 2022\n"
        "Identify opportunities where systems can be used to ensure data is captured within (and not outside) of a "
        "system\nAdditional Health indicators to be included in revised Q1 scorecard/dashboard\n"
        "Develop a mechanism for sharing data across agencies (a shared spreadsheet at first, then automated)\n"
        "Review Data Sharing Agreements between the Local Authority and Health Providers\n"
        "Analysis of parent/carer survey to inform future schedule of surveys\n"
        "Co-design a parent/carers survey on SALT services to inform joint commissioning\n"
        "Review current governance arrangements and implement new structure\n"
        "Development of joint commissioning programme",
    ),
    2: (
        "No measurable evidence of impact at this early stage.",
        "Finalise the EHC Compliance Checklist and EHCP Quality Standards and implement in practice\n"
        "Report to the Board on key pressures and work needed to manage demand and address the backlog month-on-month "
        "over a 6-month period\nProduce an EHC flowchart and publish on the Local Offer website\n"
        "Review the caseloads of EHC Co-ordinators, producing a data management report to monitor performance\n"
        "Establish the decision-making multi-agency panel to consider EHC assessment requests by end of May 2022",
    ),
    3: (
        "No measurable evidence of impact at this early stage.",
        "WSoA Open Forum scheduled for May 2022\nCo-production event scheduled for May 2022\n"
        "Engagement with stakeholders regarding meaningful Workstream arrangements\n"
        "Communication Policy to be devised and agreed with stakeholders",
    ),
    4: (
        "No measurable evidence of impact at this early stage; school leaders are positive about the joined-up "
        "approach to training and the additional capacity the Wave 2 Early Intervention Team will provide.",
        "Develop a training plan for the local area that can support schools, staff and SENCOs\n"
        "Establish a SEND update for all schools and settings, also on the local offer\n"
        "Develop, through co-production, the universal offer young people with SEND should receive in schools\n"
        "Collate feedback from school assurance reports identifying good practice",
    ),
    5: (
        "No measurable evidence of impact at this early stage.",
        "Align the health services dashboard with the existing SEND dashboard\n"
        "Consider additional Education or Care performance measures for service performance oversight\n"
        "Establish the Tribunal Sub-Group\nTribunal Sub-Group to receive outcomes from the review of complaints and "
        "tribunal findings\nReview the Parent Carer survey results at the Tribunal Sub-Group before the Board",
    ),
    6: (
        "No measurable evidence of impact at this early stage.",
        "Secure agreement of stakeholders for a new Local Offer platform\n"
        "Confirm finance and commissioning arrangements for the new Local Offer\n"
        "Liaise with Workstream 3 to ensure full co-production of the new website\n"
        "Confirm a Named Officer responsible for content, monitoring use and reporting to the Board",
    ),
}


def _wirral(area, lead, officer):
    workstreams = [
        _workstream(area, lead, name, lead_name, members=[officer] if officer and n in (0, 1) else [])
        for n, (name, lead_name) in enumerate(WIRRAL_WORKSTREAMS)
    ]
    plan = services.plan_save(
        area=area,
        user=lead,
        name="Written Statement of Action 2022",
        slug="wsoa",
        kind=PlanKind.WSOA,
        description=(
            "Approved on 28 March 2022. Delivered through the SEND Transformation Board, which directs and holds to "
            "account the six Workstream Leads and their subgroups, and tracks progress against the WSoA agreed "
            "between Wirral Local Area and the Department for Education. Milestones shown are illustrative."
        ),
        approved_on=date(2022, 3, 28),
        target_completion=date(2023, 9, 30),
        is_active=True,
    )
    concerns = {
        n: _area(plan, lead, n, title, wording, workstreams[n - 1], lead_name=WIRRAL_WORKSTREAMS[n - 1][1])
        for n, title, wording in WIRRAL_AREAS
    }
    march = _period(plan, lead, date(2022, 3, 1), "March 2022 (WSoA approved)", date(2022, 3, 28), date(2022, 3, 31))
    actions = []
    for number, rows in WIRRAL_ACTIONS.items():
        for code, title, milestone, status, progress, owned in rows:
            action = _action(
                plan,
                lead,
                concerns[number],
                code,
                title,
                milestone,
                owner=officer if owned else None,
                owner_name="" if owned else WIRRAL_WORKSTREAMS[number - 1][1].split(",")[0],
            )
            actions.append((action, status, progress))
    services.period_close(period_id=march.pk, user_id=lead.pk if lead else None)
    april = _period(plan, lead, date(2022, 4, 1), "April 2022 WSoA review", date(2022, 4, 1), date(2022, 4, 30))
    for action, status, progress in actions:
        if progress is None and status == S.NOT_STARTED:
            continue
        _update(action, april, lead, status, progress=progress or "")
    for number, (evidence, steps) in WIRRAL_REVIEWS.items():
        services.area_review_save(
            area=concerns[number], period=april, user=lead, evidence_of_impact=evidence, key_next_steps=steps
        )

    notice = _improvement_notice(area, lead, officer)
    risk_count = _wirral_risks(area, lead, officer, workstreams)
    _wirral_meetings(area, lead)
    return (
        f"Wirral: WSoA of {len(actions)} actions in 6 areas, Improvement Notice of {notice} actions, "
        f"{risk_count} risks, the December 2024 board decision"
    )


def _improvement_notice(area, lead, officer):
    sendstart = _workstream(
        area,
        lead,
        "SENDSTART and EHCP recovery",
        "Assistant Director SEND and Inclusion",
        members=[officer] if officer else [],
    )
    plan = services.plan_save(
        area=area,
        user=lead,
        name="Improvement Notice 2024",
        slug="improvement-notice",
        kind=PlanKind.IMPROVEMENT_NOTICE,
        description=(
            "Issued by the Department for Education in May 2024, with ten improvement areas. At the stocktake review "
            "with DfE and NHS England on 26 November 2024, areas 4, 8 and 9 (the local offer, strategic oversight and "
            "the use of performance data) were agreed as embedded enough to move to business as usual. The committee "
            "report names only those three; the titles of the other seven are drawn from its recovery plans."
        ),
        approved_on=date(2024, 5, 1),
        target_completion=date(2025, 10, 31),
        is_active=True,
    )
    stocktake = {
        "status": "bau",
        "bau_date": date(2024, 11, 26),
        "bau_agreed_by": "DfE and NHS England stocktake, 26 Nov 2024",
        "publishable": True,
    }
    titles = {
        1: (
            "Timeliness of EHC needs assessments and plans",
            sendstart,
            {
                "publishable": True,
                "public_summary": "Too many plans are finalised later than the 20 weeks the law allows. The council "
                "has "
                "rebuilt its assessment team (SENDSTART) and agreed extra steps in December 2024. Families should see "
                "faster plans from spring 2025.",
            },
        ),
        2: ("Quality of EHC plans", sendstart, {}),
        3: ("Annual reviews", sendstart, {}),
        4: (
            "The local offer",
            None,
            {
                **stocktake,
                "public_summary": "The SENDLO website gives families the "
                "information they need and is visited by 13,000 to 15,000 people a month. The Department for Education "
                "agreed it is now part of everyday work.",
            },
        ),
        5: ("Co-production and communication with families", None, {}),
        6: ("Neurodevelopmental pathway", None, {}),
        7: ("Speech and language therapy", None, {}),
        8: (
            "Strategic oversight and governance",
            None,
            {
                **stocktake,
                "public_summary": "The SEND Partnership Board "
                "now oversees improvement well. The Department for Education agreed this is now part of everyday work.",
            },
        ),
        9: (
            "Use of performance data",
            None,
            {
                **stocktake,
                "public_summary": "The board uses a scorecard of measures "
                "from every service to see what is working. The Department for Education agreed this is now part of "
                "everyday work.",
            },
        ),
        10: ("SEND home to school travel", None, {}),
    }
    concerns = {
        n: _area(plan, lead, n, title, workstream=workstream, **extra)
        for n, (title, workstream, extra) in titles.items()
    }
    rows = [
        (
            1,
            "1.1",
            "Restructure the Referral and Assessment Team into SENDSTART",
            date(2025, 1, 31),
            S.IN_PROGRESS,
            "Recruitment across all roles has been successful: the first two rounds filled every role except one "
            "Caseworker, scheduled for interview at the end of January.",
            None,
        ),
        (
            1,
            "1.2",
            "Implement the EHCP recovery options adopted by the Board (2, 4, 6 and 7)",
            date(2025, 3, 31),
            S.IN_PROGRESS,
            "Being implemented from January 2025 by SENDSTART and Wirral's Educational Psychology Service.",
            None,
        ),
        (
            1,
            "1.3",
            "Cohort tracking and MI reporting from Liquidlogic (option 7)",
            date(2025, 2, 28),
            S.IN_PROGRESS,
            "Month-on-month tracking of cases by the month the request arrived, decision-to-assess timeliness and "
            "draft "
            "to final monitoring.",
            "officer",
        ),
        (
            1,
            "1.4",
            "Improve 20-week EHCP timeliness in line with the revised recovery plan",
            date(2024, 12, 31),
            S.DELAYED,
            "",
            None,
        ),
        (
            2,
            "2.1",
            "Embed the EHCP quality assurance framework with locality managers",
            date(2025, 3, 31),
            S.IN_PROGRESS,
            "Regular supervisions with caseworkers, with multi-agency quality assurance through the Invision 360 tool.",
            None,
        ),
        (
            2,
            "2.2",
            "Induction and training for new and existing SENDSTART staff",
            date(2025, 2, 28),
            S.IN_PROGRESS,
            "A focussed induction programme for all new starters and training for existing team members on the process "
            "changes of the last four months.",
            None,
        ),
        (
            4,
            "4.1",
            "SENDLO local offer website and live events",
            date(2024, 9, 30),
            S.COMPLETE_AND_EMBEDDED,
            "SENDLO is visited by 13,000 to 15,000 viewers a month; live events across the borough.",
            None,
        ),
        (
            5,
            "5.1",
            "Local area self-evaluation, with a shorter version for families co-produced with parent carers",
            date(2025, 1, 31),
            S.IN_PROGRESS,
            "Work has accelerated; a second, shorter document for families is proposed.",
            None,
        ),
        (
            8,
            "8.1",
            "Revised terms of reference and governance of the LASPB",
            date(2024, 9, 30),
            S.COMPLETE_AND_EMBEDDED,
            "Assurance noted at the stocktake on governance and oversight since April 2024.",
            None,
        ),
        (
            9,
            "9.1",
            "Performance framework: four-weekly cycle, scorecards and deep dives",
            date(2024, 10, 31),
            S.COMPLETE_AND_EMBEDDED,
            "Board members report they feel well informed about performance.",
            None,
        ),
        (
            10,
            "10.1",
            "Review the SEND home to school travel policy",
            date(2025, 3, 31),
            S.IN_PROGRESS,
            "1,853 young people have door to door transport and 666 a bus pass; commissioning costs have risen from "
            "£3.6 million to £6.7 million since 2020/21. The review covers an online system, reassessment, travel "
            "training and escorts.",
            None,
        ),
    ]
    november = _period(plan, lead, date(2024, 11, 1), "November 2024 stocktake", date(2024, 11, 1), date(2024, 11, 30))
    created = []
    for number, code, title, milestone, status, progress, owner in rows:
        action = _action(
            plan,
            lead,
            concerns[number],
            code,
            title,
            milestone,
            owner=officer if owner == "officer" else None,
            owner_name="Assistant Director SEND and Inclusion",
        )
        created.append((action, status, progress))
        before = S.IN_PROGRESS if status != S.COMPLETE_AND_EMBEDDED else status
        _update(action, november, lead, before)
    services.period_close(period_id=november.pk, user_id=lead.pk if lead else None)
    december = _period(plan, lead, date(2024, 12, 1), "December 2024 Board", date(2024, 12, 1), date(2024, 12, 31))
    for action, status, progress in created:
        if status == S.DELAYED:
            _update(
                action,
                december,
                lead,
                status,
                reason="New caseworkers and reallocated cases: the 20-week figure is not expected to improve "
                "significantly before May 2025, in line with the revised timings of the EHCP recovery plan.",
                mitigation="Recovery options 2, 4, 6 and 7 from January 2025; cohort tracking to show progress "
                "earlier in the process.",
            )
        else:
            _update(action, december, lead, status, progress=progress)
    return len(created)


def _wirral_risks(area, lead, officer, workstreams):
    sendstart = Workstream.objects.get(local_area=area, name="SENDSTART and EHCP recovery")
    risks = [
        _risk(
            area,
            lead,
            "R1",
            "20-week EHCP timeliness does not improve before May 2025",
            "Statutory duties",
            5,
            4,
            owner_name="Assistant Director SEND and Inclusion",
            workstream=sendstart,
            target=8,
            mitigation="SENDSTART restructure and recruitment; recovery options 2, 4, 6 and 7; cohort tracking.",
            review_in_days=20,
        ),
        _risk(
            area,
            lead,
            "R2",
            "Further intervention under section 497A of the Education Act 1996",
            "Governance",
            3,
            5,
            owner_name="Director for Children, Families and Education",
            target=5,
            mitigation="Deliver the Improvement Notice and the WSoA by October 2025; stocktakes with DfE and NHS "
            "England.",
        ),
        _risk(
            area,
            lead,
            "R3",
            "Reallocation of cases to new caseworkers disrupts families",
            "Families' experience",
            4,
            3,
            owner=officer,
            workstream=sendstart,
            target=4,
            mitigation="Induction programme; named caseworker letters; locality managers' supervision.",
            review_in_days=-10,
        ),
        _risk(
            area,
            lead,
            "R4",
            "Educational psychology capacity delays advice beyond 6 weeks",
            "Workforce",
            4,
            3,
            owner_name="Principal Educational Psychologist",
            workstream=sendstart,
            target=6,
            mitigation="Further market testing of associate EP assessment (option 4).",
        ),
        _risk(
            area,
            lead,
            "R5",
            "Appeals and tribunals increase",
            "Statutory duties",
            3,
            3,
            owner_name="Head of SEND",
            mitigation="Consultation with providers kept (option 3 not adopted); mediation.",
        ),
        _risk(
            area,
            lead,
            "R6",
            "Home to school transport costs keep rising",
            "Finance",
            4,
            2,
            owner_name="Assistant Director for Education",
            mitigation="Policy review (Improvement Notice 10.1).",
        ),
        _risk(
            area,
            lead,
            "R7",
            "Cohort tracking draws on performance and data capacity",
            "Resources",
            2,
            3,
            owner_name="Head of Performance",
            workstream=workstreams[0],
            mitigation="Reports built once in Liquidlogic and reused each month.",
        ),
        _risk(
            area,
            lead,
            "R8",
            "Staffing changes at the transition to the ICS affect workstream leads",
            "Workforce",
            2,
            2,
            owner_name="Place Director (Wirral)",
            status="closed",
            mitigation="Monitored by the SEND Transformation Board in 2022; the transition is complete.",
        ),
    ]
    services.risk_review_add(
        risk=risks[0],
        user=lead,
        reviewed_on=date(2024, 11, 19),
        likelihood=5,
        impact=5,
        notes="Reallocation of cases under way; no improvement in the 20-week figure yet.",
        next_review_date=date(2024, 12, 17),
    )
    services.risk_review_add(
        risk=risks[0],
        user=lead,
        reviewed_on=date(2024, 12, 17),
        likelihood=5,
        impact=4,
        notes="Recovery options agreed; recruitment complete but for one caseworker.",
        next_review_date=timezone.localdate() + timedelta(days=20),
    )
    return len(risks)


RECOVERY_OPTIONS = [
    (
        1,
        "Reduce the time caseworkers spend responding to update requests from schools and families",
        "Publish clear guidelines on when schools and families will hear from the team (acknowledgement, 6-week "
        "decision, 16-week update, final plan or 4-weekly updates); other requests not responded to while capacity "
        "recovers.",
        "Would free considerable staff time: many caseworkers spend 20–30% or more of their time on update responses, "
        "managers more; clarity of expectation for providers and families.",
        "Considerable reputational risk: may be seen as an excuse for a worse service; may fuel anxiety and lack of "
        "confidence in communication from SENDSTART.",
        False,
        "Would not be well received by parent carers: communication throughout the EHCP process is a source of "
        "frustration.",
    ),
    (
        2,
        "Further recruitment of agency staff",
        "A further round of agency recruitment to fill vacancies, retaining agency staff into the new year, within the "
        "enhanced budget.",
        "Additional capacity; caseloads manageable within those envisaged in the restructure.",
        "At least 6 weeks (up to 10) before new staff work independently; practice from other areas; more churn for "
        "families and schools.",
        True,
        "Being implemented by SENDSTART and the Educational Psychology Service from January 2025.",
    ),
    (
        3,
        "Reduce the time spent on provider consultation",
        "Finalise plans after the first round of provider consultations, using knowledge of the local offer and the "
        "legal tests of the Children and Families Act 2014.",
        "Removes a large portion of staff time and delay; families get an appealable plan sooner.",
        "Likely to increase appeals and tribunals in the short term; strain on relationships with schools; capacity "
        "constraints in special schools.",
        False,
        "Consultation with providers is key to the correct support for young people and prevents challenges "
        "after a placement is agreed. The DfE SEND Adviser agreed to support this work.",
    ),
    (
        4,
        "Further market testing of associate educational psychology assessment",
        "Find additional EP assessment capacity through the current contract or other agencies (about 30% of EP "
        "assessments are delivered through a contract, at its maximum capacity).",
        "Fewer EP assessments taking over 6 weeks; quality expectations built into the contract.",
        "Expensive; may only move capacity from school-commissioned EP advice; less local quality control.",
        True,
        "Being implemented by SENDSTART and the Educational Psychology Service from January 2025.",
    ),
    (
        5,
        "Demand management",
        "More robust evidence requirements at the EHC Partnership Panel, such as evidence that the graduated approach "
        "has been exhausted, before an EHCNA application.",
        "Potential to reduce the caseload by 10–15% over time.",
        "Slow to have impact; decisions not to assess are hard to defend at tribunal; reputational risk.",
        False,
        "Could lead to a breach of Section 36 statutory duties, with the potential to increase 'Refused to "
        "Assess' tribunals.",
    ),
    (
        6,
        "Draw on other resources across Education and Inclusion",
        "Repurpose staff in non-statutory inclusion and exclusion prevention to deliver phase transfer reviews.",
        "Staff who know the Wirral context, needing only short training: up to 4 FTE of capacity.",
        "Impact on the broader inclusion agenda, nurture provisions and the graduated approach; staff concern about "
        "their role.",
        True,
        "Being implemented by SENDSTART and the Educational Psychology Service from January 2025.",
    ),
    (
        7,
        "Cohort tracking and MI reporting",
        "With case management in Liquidlogic, track cases month by month from the request, decision-to-assess "
        "timeliness and draft to final.",
        "Earlier intervention by managers and the Board; clearer assurance to members, stakeholders and parents.",
        "Draws on performance and data capacity; no direct impact on SENDSTART's output.",
        True,
        "Being implemented by SENDSTART and the Educational Psychology Service from January 2025.",
    ),
    (
        8,
        "Finalise plans by type of provision rather than naming a school",
        "Where there is no parental preference or agreement from consultations, name the type of provision "
        "(mainstream, resourced base, special) rather than a specific school.",
        "Immediate impact on timeliness: more plans finalised within 20 weeks.",
        "Highly likely to increase complaints and dissatisfaction; more children not in full-time education.",
        False,
        "Deemed incompatible with the Board's aspirations to support families, children and young people.",
    ),
]


def _wirral_meetings(area, lead):
    stocktake = services.meeting_save(
        area=area,
        user=lead,
        body="board",
        workstream=None,
        title="Improvement Notice stocktake review with DfE and NHS England",
        held_on=date(2024, 11, 26),
        attendees="Director for Children, Families and Education\nAssistant Director SEND and Inclusion\n"
        "Assistant Director for Education\nPlace Director (Wirral), NHS Cheshire and Merseyside\n"
        "Chair, Parent Carer Participation Wirral",
        apologies="",
        observers="Department for Education SEND adviser\nNHS England adviser",
        notes="DfE and NHS England were assured that improvement areas 4, 8 and 9 are embedded sufficiently to move "
        "into business as usual.",
    )
    board = services.meeting_save(
        area=area,
        user=lead,
        body="board",
        workstream=None,
        title="Local Area SEND Partnership Board",
        held_on=date(2024, 12, 17),
        attendees="Chair\nDirector for Children, Families and Education\nAssistant Director SEND and Inclusion\n"
        "Assistant Director for Education\nPlace Director (Wirral), NHS Cheshire and Merseyside\n"
        "Chair, Parent Carer Participation Wirral\nHead of SEND\nDesignated Clinical Officer",
        apologies="Director of Public Health",
        observers="Department for Education SEND adviser",
        notes="A deep dive on how the Board uses performance reporting was held ahead of the meeting; subgroup "
        "updates and the WSoA tracker reports were deferred to January.",
    )
    options = [
        {
            "number": n,
            "title": title,
            "description": description,
            "benefits": benefits,
            "risks": risks,
            "adopted": adopted,
            "reason": reason,
        }
        for n, title, description, benefits, risks, adopted, reason in RECOVERY_OPTIONS
    ]
    services.decision_save(
        meeting=board,
        user=lead,
        options=options,
        title="EHCP recovery options",
        summary="A paper on accelerating the finalisation of EHCPs through options that could increase efficiency "
        "in the EHCNA process and decision making. Reported to the Children, Young People and Education "
        "Committee on 22 January 2025.",
        resolution="SENDSTART and Wirral's Educational Psychology Service to move forward with options 2, 4, 6 and "
        "7, implemented from January 2025. Options 1, 3, 5 and 8 not adopted.",
    )
    services.log_item_save(
        area=area,
        user=lead,
        raised_at=stocktake,
        item="Circulate the DfE stocktake feedback letter to Board "
        "members and the Children, Young People and Education Committee",
        owner_user=None,
        owner_name="Assistant Director SEND and Inclusion",
        due=date(2024, 12, 17),
        status="complete",
        completed_at=board,
        update="Attached as Annex A of the January 2025 committee report.",
    )
    services.log_item_save(
        area=area,
        user=lead,
        raised_at=stocktake,
        item="Complete the local area self-evaluation",
        owner_user=None,
        owner_name="Head of SEND",
        due=date(2025, 1, 31),
        status="in_progress",
        completed_at=None,
        update="Work accelerated; a shorter version for families proposed.",
    )
    for item, owner, due in (
        ("Subgroup updates and WSoA tracker reports to the January meeting", "Head of SEND", date(2025, 1, 31)),
        (
            "Updates against the recovery plans for EHCPs, the neurodevelopmental pathway and speech and language "
            "therapy to the January meeting",
            "Assistant Director SEND and Inclusion",
            date(2025, 1, 31),
        ),
        ("Share the self-evaluation with committee members after the January Board", "Head of SEND", date(2025, 2, 28)),
        (
            "Present SEND home to school travel policy changes to the Children, Young People and Education Committee",
            "Assistant Director for Education",
            date(2025, 3, 31),
        ),
    ):
        services.log_item_save(
            area=area,
            user=lead,
            raised_at=board,
            item=item,
            owner_user=None,
            owner_name=owner,
            due=due,
            status="open",
            completed_at=None,
            update="",
        )


# ---------------------------------------------------------------- Walsall

WALSALL_PREVIOUS = [1, 8, 5, 32, 89, 42, 7]  # September 2020 Board
WALSALL_CURRENT = [2, 14, 3, 27, 89, 42, 7]  # December 2020 Board
WALSALL_AREAS = [
    "Timeliness and quality of EHC plans",
    "Annual reviews of EHC plans",
    "Contribution of health to EHC assessments and plans",
    "Contribution of social care to SEND improvement",
    "Joint commissioning",
    "The local offer",
    "Co-production and communication with parents and carers",
    "Sufficiency of specialist provision and the inclusion agenda",
    "Leadership, governance and oversight of the improvement programme",
]
WALSALL_NAMED = {
    1: [
        "EHCP Timeliness Recovery Plan",
        "Clear the backlog of EHC assessments open on 1 March 2020",
        "Weekly caseload and performance review with an escalation process for cases at risk of passing 20 weeks",
        "EHCP compliance dashboard",
    ],
    2: ["Improved scheduling and documentation of annual reviews", "Phased transfers and post-16 liaison"],
    3: ["Health SEND review of internal processes and EHC advice"],
    4: ["SEND Partnership Operational Meeting established"],
    5: ["Joint Commissioning Lead for the CCG appointed"],
    6: [
        "Full review of the Local Offer",
        "Co-produced Local Offer pages tested with parents, carers and professionals",
        "Schools' SEND Information Reports linked to the Local Offer",
    ],
    7: ["SENDIAS contract awarded", "Pilot of the Open Objects EHCP web-based hub"],
    8: [
        "Review of SEND sufficiency and specialist provision",
        "High Needs Funding Review",
        "SENCO forums and training on the SEND Code of Practice",
    ],
    9: ["Review of the effectiveness of the Local Area Improvement Board", "Project Lead update to each LAIB"],
}


def _walsall(area, lead):
    plan = services.plan_save(
        area=area,
        user=lead,
        name="Written Statement of Action",
        slug="wsoa",
        kind=PlanKind.WSOA,
        description=(
            "The SEND Local Area Improvement Programme addresses the nine areas of concern of the Ofsted and CQC "
            "SEND Local Area inspection of February 2019: 184 actions, overseen by the Local Area Improvement Board "
            "(LAIB) with DfE and NHS England monitoring visits. The report does not list the areas' or the actions' "
            "wording: titles here are drawn from the themes of the January 2021 committee update."
        ),
        approved_on=None,
        target_completion=None,
        is_active=True,
    )
    statuses = [s for s, _ in ActionStatus.choices]
    previous = [s for s, n in zip(statuses, WALSALL_PREVIOUS, strict=True) for _ in range(n)]
    # Deal the 184 actions round the nine areas, so every area has a mix of statuses.
    slots = [[] for _ in WALSALL_AREAS]
    for i, status in enumerate(previous):
        slots[i % len(WALSALL_AREAS)].append(status)
    rows = []
    for number, area_statuses in enumerate(slots, start=1):
        named = WALSALL_NAMED.get(number, [])
        for i, status in enumerate(area_statuses):
            code = f"{number}.{i // 4 + 1}.{'abcd'[i % 4]}"
            title = named[i] if i < len(named) else f"{WALSALL_AREAS[number - 1]}: action {code}"
            milestone = (
                date(2020, 6, 30)
                if status == S.BEYOND_MILESTONE
                else date(2020, 3, 31)
                if status in calculations.COMPLETED_STATUSES
                else date(2021, 3, 31)
            )
            behind = calculations.requires_reason(status)
            rows.append(
                [
                    number,
                    WALSALL_AREAS[number - 1],
                    code,
                    title,
                    "Workstream lead",
                    f"Workstream {number}",
                    milestone.isoformat(),
                    ActionStatus(status).label,
                    "Covid-19: face-to-face work paused" if behind else "",
                    "Reviewed by the workstream lead; revised plan to the LAIB" if behind else "",
                ]
            )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(services.IMPORT_REQUIRED + services.IMPORT_OPTIONAL)
    writer.writerows(rows)
    source = io.BytesIO(buffer.getvalue().encode())
    source.name = "walsall-wsoa.csv"
    services.actions_import(plan=plan, user=lead, source=source)

    september = _period(plan, lead, date(2020, 9, 1), "September 2020 Board", date(2020, 7, 1), date(2020, 9, 30))
    actions = list(plan.actions.order_by("sort_key"))
    ActionUpdate.objects.bulk_create(
        [
            ActionUpdate(
                action=a,
                period=september,
                status=a.status,
                reason=a.reason,
                mitigation=a.mitigation,
                created_by=lead,
                updated_by=lead,
            )
            for a in actions
        ]
    )
    services.period_close(period_id=september.pk, user_id=lead.pk if lead else None)

    december = _period(plan, lead, date(2020, 12, 1), "December 2020 Board", date(2020, 10, 1), date(2020, 12, 31))
    # From September to December: five In Progress actions and one Delayed one went beyond their milestone (dates
    # in the autumn), and one Delayed action was re-planned as Not Started.
    in_progress = [a for a in actions if a.status == S.IN_PROGRESS][:5]
    delayed = [a for a in actions if a.status == S.DELAYED][:2]
    moves = {a.pk: S.BEYOND_MILESTONE for a in [*in_progress, delayed[0]]}
    moves[delayed[1].pk] = S.NOT_STARTED
    updates = []
    for action in actions:
        status = moves.get(action.pk, action.status)
        if action.pk in moves and status == S.BEYOND_MILESTONE:
            action.milestone = date(2020, 11, 30)
            action.reason = "Covid-19: schools' and health partners' capacity in the autumn term"
            action.mitigation = "Reviewed by the workstream lead; mitigating actions agreed; in the risk log"
        elif status == S.NOT_STARTED:
            action.reason = action.mitigation = ""
        action.status = status
        updates.append(
            ActionUpdate(
                action=action,
                period=december,
                status=status,
                reason=action.reason,
                mitigation=action.mitigation,
                created_by=lead,
                updated_by=lead,
            )
        )
    Action.objects.bulk_update(actions, ["status", "milestone", "reason", "mitigation"])
    ActionUpdate.objects.bulk_create(updates)
    first = plan.actions.get(code="1.1.a")
    ActionUpdate.objects.filter(action=first, period=december).update(
        progress="The original backlog of 359 plans in progress on 1 March 2020 has been reduced to 21 at the 4 "
        "November 2020 LAIB; 171 assessments open at 13 December 2020.",
        evidence_of_impact="Rolling 12-month timeliness up from 3.9% (January 2020) to 17.0% (November 2020); "
        "weekly compliance of 70% and 91.7% in the weeks ending 29 November and 6 December.",
        next_steps="A single dashboard focused on the 60% target for all newly issued plans.",
    )
    AreaReview.objects.create(
        area_of_concern=first.area_of_concern,
        period=december,
        updated_by=lead,
        evidence_of_impact="Since 1 March 2020, 340 new assessments opened: 118 plans issued, 61 (51.7%) on time; "
        "60 closed without a plan; 162 open.",
        key_next_steps="Single dashboard on the 60% target\nReport the 3 residual plans and 3 Covid exceptions "
        "separately\nPrepare the DfE/NHSE preparation form before the 3 March 2021 review",
    )
    _walsall_risks_and_meetings(area, lead)
    return "Walsall: WSoA of 184 actions, September and December 2020 Boards"


def _walsall_risks_and_meetings(area, lead):
    for ref, title, likelihood, impact, mitigation in (
        (
            "R1",
            "Availability of suitable and specialist places delays compliance",
            4,
            4,
            "Review of SEND sufficiency and specialist provision.",
        ),
        ("R2", "School consultation delays", 4, 3, "Re-affirmation of Code of Practice duties; direction letters."),
        (
            "R3",
            "Delays in finalising plans for hard to place children",
            3,
            4,
            "Meetings around the child to identify placements.",
        ),
        (
            "R4",
            "Resources diverted to other initiatives",
            3,
            3,
            "Additional temporary capacity in SEND Assessment and Educational Psychology.",
        ),
        (
            "R5",
            "Mental health trust not engaged in the SEND Partnership Operational Meeting",
            3,
            3,
            "Escalation through the LAIB chair.",
        ),
    ):
        _risk(
            area,
            lead,
            ref,
            title,
            "EHCP compliance" if ref < "R5" else "Partnership",
            likelihood,
            impact,
            owner_name="Interim SEND Lead",
            mitigation=mitigation,
        )
    visit = services.meeting_save(
        area=area,
        user=lead,
        body="board",
        workstream=None,
        title="Local Area Improvement Board with the DfE and NHS England monitoring visit",
        held_on=date(2020, 11, 4),
        attendees="Independent Chair of the LAIB\nDirector of Children's Services\nInterim SEND Lead\n"
        "Workstream leads\nSENDIAS (Family Action)",
        apologies="Dudley and Walsall Mental Health Trust",
        observers="Department for Education adviser\nNHS England adviser",
        notes="Third of four monthly monitoring visits before re-inspection; feedback positive.",
    )
    services.log_item_save(
        area=area,
        user=lead,
        raised_at=visit,
        item="Complete the DfE/NHSE preparation form before the 12-month review meeting on 3 March 2021",
        owner_user=None,
        owner_name="Interim SEND Lead",
        due=date(2021, 2, 26),
        status="open",
        completed_at=None,
        update="",
    )


# ---------------------------------------------------------------- Sefton

DBV_PROJECTS = [
    (
        "DBV1",
        "Inclusion Service Capacity",
        "SENCO been in place since April to July 2024. The seconded SENCOs have worked on GA and toolkit development.",
        "Potential changes to SENCO secondment. This will be managed from existing capacity.",
        date(2025, 3, 31),
    ),
    (
        "DBV2",
        "Early Years SEND Capacity",
        "All staff in place and working in settings and schools.",
        "No risks or issues to report.",
        date(2025, 3, 31),
    ),
    (
        "DBV3",
        "Educational Psychology",
        "EBSA guidance is published. ELSA Training (Early Years and School Age). New assistant EP has started Sept "
        "2024.",
        "Changes in EP delivery means Emotionally Informed Classroom will be unable to be delivered as part of the EP "
        "offer.",
        date(2025, 3, 31),
    ),
    (
        "DBV4",
        "Workforce Training Programme",
        "Staff training booked for Autumn Term. Conference moved for sensitivity around conference date following the "
        "incident in Southport. Other training being explored in response to the incident.",
        "No risks or issues to report.",
        date(2025, 3, 31),
    ),
    (
        "DBV5",
        "Graduated Approach",
        "Toolkits are near completion with a launch date booked for 17th Oct, a joint launch with the SALT toolkit. "
        "Flyer agreed by the IC team.",
        "No risks or issues to report.",
        date(2024, 10, 17),
    ),
    (
        "DBV6",
        "Communication With Families",
        "Focus groups to discuss the Local Offer and development of a communication strategy across the authority over "
        "September. Parental Workshops on GA delivered Summer 24.",
        "No risks or issues to report.",
        date(2025, 3, 31),
    ),
]
SEFTON_GROUPS = [
    (
        "SEND Improvement Group",
        [
            "Improving the timeliness and quality of EHCPs",
            "Reduction in health therapy waiting times",
            "Improving the SEND complaints handling process",
            "Improving the quality of the SEND service",
            "Improving the quality of SEND performance data",
            "Improving SEND related CSC services",
            "Reducing the HNB deficit",
        ],
    ),
    (
        "SEND Co-Production Group",
        [
            "Development of the SEND communications strategy and plan",
            "Development of the Sefton co-production charter",
            "Improving the Local Offer user experience",
            "Contribute towards improving parent carer satisfaction",
        ],
    ),
    (
        "SEND Joint Commissioning Group",
        [
            "Development of a short breaks service",
            "Development of the Joint Commissioning action plan",
            "Development of the SEND outcomes framework",
            "Development of the pathway towards a 0-25 SEND offer",
        ],
    ),
]
ANNEX_A = {
    EvidenceStatus.HIGH_RISK: ["Self-Evaluation", "Short Breaks"],
    EvidenceStatus.UNDERWAY: [
        "Approach to EHCP Plans (QA)",
        "SEND Strategy",
        "PB information",
        "Outcomes evidence",
        "Multi-agency audits",
        "Out of area placements",
        "Care services overview",
        "Health pathways",
        "Commissioning strategy and arrangements",
        "Needs of the children and young people (AP)",
        "Settings and attendees (AP)",
        "Monitoring and oversight (AP)",
    ],
    EvidenceStatus.COMPLETE: [
        "Local Offer",
        "Co-production charter",
        "SEND governance structure",
        "Joint strategic needs assessment",
        "Parent carer forum engagement",
        "EHCP performance data",
        "Health waiting times data",
        "SENDIASS arrangements",
        "Complaints and tribunals data",
        "Elective home education monitoring",
        "Preparing for adulthood",
    ],
    EvidenceStatus.UPDATE_REQUIRED: [
        "Early help offer",
        "Graduated approach toolkit",
        "Sufficiency plan",
        "Inclusion and exclusions data",
        "Attendance of children with SEND",
        "Designated clinical officer role",
        "Social care contribution to EHCPs",
        "Annual reviews data",
        "Workforce training offer",
        "Alternative provision register",
        "Home to school transport policy",
    ],
}


def _sefton(area, lead):
    dbv = services.plan_save(
        area=area,
        user=lead,
        name="Delivering Better Value (DBV)",
        slug="dbv",
        kind=PlanKind.PROGRAMME,
        description="Programme sponsor: AD for Education Excellence. Programme status: on track. Next DfE reporting "
        "date: 4 October 2024. Milestones other than the toolkit launch are illustrative.",
        approved_on=None,
        target_completion=date(2025, 3, 31),
        is_active=True,
    )
    projects = _area(dbv, lead, 1, "DBV projects")
    period = _period(
        dbv,
        lead,
        date(2024, 9, 1),
        "Reporting period 7 July – 7 September 2024",
        date(2024, 7, 7),
        date(2024, 9, 7),
        kind=PeriodKind.MONTHLY,
    )
    for code, title, progress, risks, milestone in DBV_PROJECTS:
        action = _action(dbv, lead, projects, code, title, milestone, owner_name="DBV programme manager")
        _update(
            action,
            period,
            lead,
            S.IN_PROGRESS,
            progress=progress,
            risks=risks,
            next_steps="GA toolkit launch 17 October; SEMH outreach hub meeting; training offer booklet 2024-2025."
            if code == "DBV5"
            else "",
        )

    priorities = services.plan_save(
        area=area,
        user=lead,
        name="SEND improvement priorities 2024",
        slug="priorities",
        kind=PlanKind.PROGRAMME,
        description="The focus of Sefton's three SEND improvement groups (October 2024). Milestones are illustrative.",
        approved_on=None,
        target_completion=None,
        is_active=True,
    )
    october = _period(
        priorities,
        lead,
        date(2024, 10, 1),
        "October 2024",
        date(2024, 10, 1),
        date(2024, 10, 31),
        kind=PeriodKind.MONTHLY,
    )
    for number, (group, items) in enumerate(SEFTON_GROUPS, start=1):
        workstream = _workstream(area, lead, group, "Chair of the group")
        concern = _area(priorities, lead, number, group, workstream=workstream)
        for i, item in enumerate(items, start=1):
            action = _action(
                priorities, lead, concern, f"{number}.{i}", item, date(2025, 3, 31), owner_name="Chair of the group"
            )
            if item == "Development of the Sefton co-production charter":
                _update(
                    action,
                    october,
                    lead,
                    S.COMPLETE,
                    progress="The charter has been finalised, signed off and "
                    "shared with partners; launch at the Local Offer Live event in October half term.",
                )
            elif item == "Development of a short breaks service":
                _update(
                    action,
                    october,
                    lead,
                    S.DELAYED,
                    reason="Capacity was diverted to the creation of the SEND Strategy.",
                    mitigation="Revised timeline: the Short Breaks review starts in January 2025.",
                )
            else:
                _update(action, october, lead, S.IN_PROGRESS)

    for status, titles in ANNEX_A.items():
        for title in titles:
            named = status in (EvidenceStatus.HIGH_RISK, EvidenceStatus.UNDERWAY)
            EvidenceItem.objects.create(
                local_area=area,
                title=title,
                status=status,
                owner_name="Inspection readiness lead",
                category="Alternative provision" if title.endswith("(AP)") else "",
                notes="" if named else "Illustrative title: the October 2024 slides give this status's count only.",
            )
    for ref, title, likelihood, impact, mitigation in (
        ("R1", "Short Breaks review delayed", 4, 3, "Revised timeline: the review starts in January 2025."),
        ("R2", "High needs block deficit", 4, 4, "DBV programme; weekly finance meetings."),
        (
            "R3",
            "Out-of-borough special placements: 269 children at over £58K each a year",
            4,
            4,
            "Weekly sufficiency meetings; 300 new places needed in 3 years; new SEN units.",
        ),
        (
            "R4",
            "National recruitment issues in therapies lengthen waiting times",
            4,
            3,
            "Retraining and skill sharing; waiting well offer through the Local Offer.",
        ),
        ("R5", "Parent carer forum capacity for meetings", 3, 2, "Meetings moved off Thursdays."),
        ("R6", "Rising elective home education referrals", 3, 3, "Contact with schools at the point of intent."),
    ):
        _risk(
            area,
            lead,
            ref,
            title,
            "Improvement",
            likelihood,
            impact,
            owner_name="AD for Education Excellence",
            mitigation=mitigation,
        )
    return "Sefton: DBV (6 projects), improvement priorities (15), Annex A (36 items)"
