"""The words and short forms the public pages use, explained on the
about-these-figures page (/about-these-figures/#glossary). Each entry is
((term, what the short form stands for or ""), meaning), in plain English."""

GLOSSARY = [
    (
        ("ADHD", "attention deficit hyperactivity disorder"),
        "A condition that affects how people focus, sit still and control what they do.",
    ),
    (
        ("ASD", "autism spectrum disorder"),
        "Autism: a difference in how people talk with others and experience the world.",
    ),
    (
        ("CAMHS", "child and adolescent mental health services"),
        "NHS services that help children and young people with their mental health.",
    ),
    (
        ("DfE", "Department for Education"),
        "The government department in charge of schools and of support for children with SEND.",
    ),
    (
        ("EHC needs assessment", ""),
        "The checks that find out what help a child needs. A parent, a school or another professional can ask for one.",
    ),
    (
        ("EHC plan or EHCP", "education, health and care plan"),
        "A legal document that says what help a child or young person with SEND must get. "
        "It should be ready within 20 weeks of the request.",
    ),
    (("EHE", "elective home education"), "When parents choose to teach their child at home instead of at school."),
    (
        ("Exceptions", ""),
        "Cases where the law allows an EHC plan to take longer than 20 weeks, for example "
        "when the family is away. They are counted apart.",
    ),
    (("ICB", "integrated care board"), "The NHS body that plans health services for an area."),
    (("KPI", "key performance indicator"), "One of the main figures a board uses to see how services are doing."),
    (
        ("Percentage points", ""),
        "The gap between two percentages. Going from 45% to 57% is a rise of 12 percentage points.",
    ),
    (("RAG", "red, amber, green"), "A rating against a target. It is always given as a word too."),
    (("Rolling 12 months", ""), "The figure for the 12 months up to and including the month shown."),
    (("SALT", "speech and language therapy"), "Help for children who find it hard to speak, understand or swallow."),
    (("SEN2", ""), "The yearly return of EHC plan figures that each council sends to the DfE."),
    (
        ("SENCO", "special educational needs coordinator"),
        "The teacher in a school who organises help for children with SEND.",
    ),
    (
        ("SEND", "special educational needs and disabilities"),
        "Needs that make it harder for a child to learn than most children of the same age.",
    ),
    (
        ("SENDIASS", "SEND information, advice and support service"),
        "A free service that gives families advice about SEND. It does not take sides.",
    ),
    (("Statistical neighbours", ""), "Councils that are most like this one, so that figures can be compared fairly."),
    (("Suppressed", "shown as c"), "Hidden because the number is small and could tell you who a child is."),
    (("Target", ""), "The figure the board aims to reach."),
    (("Tolerance", ""), "How far short of its target a figure can be and still be rated amber, not red."),
    (
        ("WSoA", "written statement of action"),
        "The plan an area must write after an inspection finds serious problems.",
    ),
    (("Year to date", ""), "All the months so far this year, counted together."),
]


def in_sentence(title: str) -> str:
    """`title` as it reads inside a sentence: its first letter in lower case,
    unless its first word is a short form ("EHC plans", "DfE figures"). A
    whole title in lower case would turn "the SEND Tribunal" into "the send
    tribunal"."""
    first = title.split(" ", 1)[0]
    if any(letter.isupper() for letter in first[1:]):
        return title
    return title[:1].lower() + title[1:]
