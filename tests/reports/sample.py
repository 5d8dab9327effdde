"""A hand-made Section in the shape the apps hand over, for renderer tests."""

from decimal import Decimal

from imdi import charts
from imdi.reports.sections import Chart, Column, Section, Suppressed, Table


def sample_section() -> Section:
    pay = Table(
        key="hr-lonn",
        caption="Kjønnsbalanse og lønn 2023",
        columns=[
            Column("Stillingskategori"),
            Column("Menn %", "pct"),
            Column("Kvinner %", "pct"),
            Column("Totalt (N)", "int"),
            Column("Lønn menn", "nok"),
            Column("Lønn kvinner", "nok"),
            Column("Kvinners andel av menns lønn", "pct"),
        ],
        rows=[
            [
                "Toppleder",
                Decimal("42.86"),
                Decimal("57.14"),
                7,
                1238300,
                1215029,
                Decimal("98.12"),
            ],
            ["Konsulent/sekretær", Decimal("100"), Decimal("0"), 1, Suppressed("*"), None, None],
        ],
        footnotes=["Lønn vises bare for grupper med minst 5 av hvert kjønn."],
    )
    leave = Table(
        key="hr-permisjon",
        caption="Foreldrepermisjon",
        columns=[Column("År"), Column("Uker menn", "decimal"), Column("Uker kvinner", "decimal")],
        rows=[["2023", Decimal("5.9"), Decimal("13.4")]],
    )
    cases = Table(
        key="saker-tema",
        caption="Saker etter tema",
        columns=[Column("Tema"), Column("Antall", "int")],
        rows=[["Tvangsekteskap", 12], ["Kjønnslemlestelse", Suppressed()]],
    )
    chart = Chart(
        key="kjonnsbalanse",
        title="Kjønnsbalanse per stillingskategori",
        svg=charts.bar_chart(
            ["Toppleder", "Konsulent/sekretær"],
            {"Menn": [42.86, 100], "Kvinner": [57.14, 0]},
            title="Kjønnsbalanse per stillingskategori",
            percent=True,
        ),
        description="Andel menn og kvinner i hver stillingskategori.",
    )
    return Section(
        key="hr",
        title="IMDi som arbeidsgiver",
        paragraphs=["IMDi har fortsatt en skjev kjønnsbalanse."],
        tables=[pay],
        charts=[chart],
        subsections=[
            Section(key="permisjon", title="Permisjon", tables=[leave]),
            Section(
                key="saker", title="Saker", tables=[cases], footnotes=["Kilde: saksregisteret."]
            ),
        ],
    )


def sample_provider(year: int) -> Section:
    """A provider with the signature of the apps' ``section(year)``."""
    section = sample_section()
    section.paragraphs.append(f"Tall for {year}.")
    return section


def slow_provider(year: int) -> Section:
    """As :func:`sample_provider`, but slow enough to kill a worker in the middle of it."""
    import time

    time.sleep(1)
    return sample_provider(year)


def broken_provider(year: int) -> Section:
    raise RuntimeError("the HR register is unavailable")
