"""The `civic` command line: thin wrappers around the Python API and the query helpers."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer


class _OneLineErrors(typer.Typer):
    """Every failure of every command ends as `civic: message` and exit code 2, never a traceback
    (a new user read FileNotFoundError, ValueError and AttributeError tracebacks, issue 18);
    `--debug` anywhere on the command line re-raises to show the traceback."""

    def __call__(self, *args, **kwargs):
        debug = "--debug" in sys.argv
        if debug:
            sys.argv.remove("--debug")
        try:
            return super().__call__(*args, **kwargs)
        except Exception as exc:
            if debug:
                raise
            typer.echo(f"civic: {_message(exc)}", err=True)
            sys.exit(2)


def _message(exc: Exception) -> str:
    if isinstance(exc, FileNotFoundError):
        return f"{exc.filename}: no such file or folder"
    if isinstance(exc, OSError) and exc.filename:
        return f"{exc.filename}: {exc.strerror}"
    if isinstance(exc, (ValueError, OSError)):
        return str(exc)
    return f"{type(exc).__name__}: {exc} (run again with --debug for the traceback)"


app = _OneLineErrors(help="Structured records from scraped Berlin district news. Errors are one line "
                          "and exit code 2; --debug shows the traceback.", no_args_is_help=True,
                     add_completion=False)
train_app = typer.Typer(help="Train the shipped models reproducibly.", no_args_is_help=True)
evaluate_app = typer.Typer(help="Measure the models and the pipeline.", no_args_is_help=True)
app.add_typer(train_app, name="train")
app.add_typer(evaluate_app, name="evaluate")

ModelOption = Annotated[str, typer.Option("--model", help="NER model: 'default' (ours), a folder, an installed "
                                                           "spaCy package such as de_core_news_sm, or 'none'.")]


def _fail(message: str, code: int = 2) -> None:
    typer.echo(f"civic: {message}", err=True)
    raise typer.Exit(code)


def _report(text: str, result: dict, output: Path | None) -> None:
    """Print an evaluation's table and, with --output, keep its figures as JSON too."""
    typer.echo(text)
    if output is not None:
        output.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


@app.command()
def extract(
    inputs: Annotated[list[str], typer.Argument(help="JSONL/.txt/.html files, directories, .gz, or - for stdin")],
    output: Annotated[str, typer.Option("-o", "--output", help="Output JSONL, or - for stdout")],
    published: Annotated[str | None, typer.Option(help="Reference date YYYY-MM-DD where the input has none")] = None,
    resume: Annotated[bool, typer.Option(help="Continue an interrupted run")] = False,
    errors: Annotated[str | None, typer.Option(help="Dead-letter file (default: OUT.errors.jsonl)")] = None,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar; the final counts line stays "
                                                              "on stderr")] = False,
    batch_size: Annotated[int, typer.Option(help="Documents per nlp.pipe batch")] = 64,
    workers: Annotated[int, typer.Option(help="Processes for the analysis (output order is kept)")] = 1,
    dask: Annotated[str | None, typer.Option(help="Run on a Dask cluster: scheduler address or 'local'")] = None,
    shard_lines: Annotated[int, typer.Option(help="With --dask: JSONL lines per shard (task)")] = 2000,
    max_doc_bytes: Annotated[int, typer.Option(min=1, help="Largest document (JSONL line, .txt/.html file, stdin) "
                                               "in bytes of decompressed text; larger ones are dead-lettered "
                                               "without being held in memory")] = 50_000_000,
    model: ModelOption = "default",
) -> None:
    """Extract one record per article into OUT; malformed input goes to the dead-letter file."""
    if dask:
        from civic.run.dask_run import run_dask

        if output == "-":
            _fail("--dask writes part files: give -o FILE")
        counts = run_dask(inputs, output, dask, published=published, model=model, batch_size=batch_size,
                          lines_per_shard=shard_lines, resume=resume, max_doc_bytes=max_doc_bytes)
        if not quiet:
            typer.echo(f"read {counts['read']}, written {counts['written']}, dead-lettered "
                       f"{counts['dead_lettered']} -> {output} ({counts['parts']} parts)", err=True)
        return
    from civic.models.store import ModelError
    from civic.read.inputs import InputError, parse_published
    from civic.run.extract import run_extract
    from civic.write.journal import ResumeMismatch

    try:
        if published:
            published = parse_published(published)
        summary = run_extract(inputs, output, published=published, resume=resume, errors=errors,
                              quiet=quiet, batch_size=batch_size, model=model, workers=workers,
                              max_doc_bytes=max_doc_bytes)
    except (InputError, ResumeMismatch, ModelError, ValueError) as exc:
        _fail(str(exc))
    typer.echo(summary.line(), err=True)  # also with --quiet: the counts are the run's receipt (issue 18)


@app.command()
def deadlines(
    records: Annotated[list[Path], typer.Argument(help="Record JSONL files written by civic extract")],
    upcoming: Annotated[bool, typer.Option(help="Only deadlines on or after --from (default today)")] = False,
    from_: Annotated[str | None, typer.Option("--from", help="Start date YYYY-MM-DD (default today)")] = None,
    days: Annotated[int | None, typer.Option(help="Only deadlines within N days from --from")] = None,
    district: Annotated[str | None, typer.Option(help="A Bezirk or Ortsteil, any form the gazetteer knows")] = None,
    topic: Annotated[str | None, typer.Option(help="A topic of the taxonomy in any case, e.g. beteiligung")] = None,
    format: Annotated[str, typer.Option(help="table, csv, json or ics")] = "table",
    output: Annotated[str, typer.Option("-o", "--output", help="Output file, or - for stdout")] = "-",
    per_article: Annotated[bool, typer.Option("--per-article", help="One row per deadline of each article, "
                                                                    "not one per event")] = False,
) -> None:
    """List deadlines from extracted records: one row per event (the same deadline in several
    articles is one row, with its number of sources), or per article; a table, CSV, JSON or ICS."""
    from civic.query.deadlines import DeadlineQuery, render

    if format not in ("table", "csv", "json", "ics"):
        _fail(f"unknown format {format!r}: use table, csv, json or ics")
    try:
        query = DeadlineQuery.build(upcoming=upcoming, start=from_, days=days, district=district, topic=topic)
    except ValueError as exc:
        _fail(str(exc))
    rows = query.run(records) if per_article else query.run_events(records)
    data = render(rows, format, start=query.start, events=not per_article)
    if output == "-":
        sys.stdout.buffer.write(data)
    else:
        Path(output).write_bytes(data)
        typer.echo(f"{len(rows)} {'deadlines' if per_article else 'events'} written to {output}", err=True)


@app.command()
def feeds(
    records: Annotated[Path, typer.Argument(help="A record JSONL file written by civic extract")],
    directory: Annotated[Path, typer.Argument(help="Folder for the .ics, .atom and index.html files")],
    from_: Annotated[str | None, typer.Option("--from", help="First day YYYY-MM-DD (default today)")] = None,
    days: Annotated[int | None, typer.Option(help="Only events within N days from --from")] = None,
    base_url: Annotated[str | None, typer.Option(
        help="Where the folder will be served (https://…/feeds/): makes the Atom self links absolute")] = None,
) -> None:
    """A calendar (.ics) and an Atom feed per Bezirk and for Berlin, and an index.html: the upcoming
    events (one deadline across articles) for a newsroom to subscribe to."""
    from civic.api import write_feeds
    from civic.record.files import iter_records

    try:
        counts = write_feeds(iter_records([records]), directory, start=from_, days=days, base_url=base_url)
    except ValueError as exc:
        _fail(str(exc))
    typer.echo(f"{len(counts)} calendars and feeds, {counts['berlin']} events -> {directory}/index.html", err=True)


@app.command()
def people(
    records: Annotated[list[Path], typer.Argument(help="Record JSONL files written by civic extract")],
    role: Annotated[str | None, typer.Option(help="A role, either gender, e.g. Bezirksstadtrat")] = None,
    district: Annotated[str | None, typer.Option(help="A Bezirk, any form the gazetteer knows")] = None,
    format: Annotated[str, typer.Option(help="table, csv or json")] = "table",
    output: Annotated[str, typer.Option("-o", "--output", help="Output file, or - for stdout")] = "-",
) -> None:
    """Office holders across articles: who held a role when (first and last dated mention)."""
    from civic.query.deadlines import district_name
    from civic.query.persons import FORMATS, holders_from_files, render

    if format not in FORMATS:
        _fail(f"unknown format {format!r}: use table, csv or json")
    try:
        bezirk = district_name(district) if district else None
    except ValueError as exc:
        _fail(str(exc))
    data = render(holders_from_files(records, role, bezirk), format)
    if output == "-":
        sys.stdout.buffer.write(data)
    else:
        Path(output).write_bytes(data)


@app.command()
def db(
    records: Annotated[list[Path], typer.Argument(help="Record JSONL files, then the database path last")],
    inputs: Annotated[list[str] | None, typer.Option("--inputs", help="The extract's inputs, to make article "
                                                                    "bodies searchable")] = None,
) -> None:
    """Build (or update) a SQLite database for Datasette; re-running adds nothing twice, a new file adds
    its articles, and events and persons are recomputed over the whole database (one transaction)."""
    from civic.query.database import build_database, write_metadata
    from civic.read.inputs import texts_by_id

    if len(records) < 2:
        _fail("give one or more record files and then the database path, e.g. civic db out/news.jsonl civic.db")
    *sources, target = records
    counts = build_database(sources, target, texts=texts_by_id(inputs) if inputs else None)
    meta = write_metadata(target)
    typer.echo(", ".join(f"{table} {n}" for table, n in counts.items()))
    typer.echo(f"browse: datasette --immutable {target} -m {meta} (without --immutable it keeps serving while "
               "civic db loads more: the database is in WAL mode)", err=True)


@app.command()
def export(
    records: Annotated[list[Path], typer.Argument(help="Record JSONL files written by civic extract")],
    output: Annotated[Path, typer.Option("-o", "--output", help="Folder for one file per table")],
    format: Annotated[str, typer.Option(help="parquet (needs pyarrow: the parquet extra) or csv")] = "parquet",
) -> None:
    """Write the tables of `civic db` (documents, people, districts, dates, deadlines, topics) as files."""
    from civic.query.export import export_tables

    try:
        counts = export_tables(records, output, format)
    except (ValueError, ImportError) as exc:
        _fail(str(exc))
    typer.echo(", ".join(f"{table} {n}" for table, n in counts.items()))


@app.command()
def merge(
    parts: Annotated[Path, typer.Argument(help="The OUT.parts folder written by civic extract --dask")],
    output: Annotated[str, typer.Option("-o", "--output", help="Merged JSONL")],
) -> None:
    """Join the part files of a Dask run, in input order, into one record file and one error file."""
    from civic.run.dask_run import merge_parts

    counts = merge_parts(parts, output)
    typer.echo(f"read {counts['read']}, written {counts['written']}, dead-lettered {counts['dead_lettered']} "
               f"-> {output} ({counts['parts']} parts)", err=True)


@app.command()
def summary(records: Annotated[list[Path], typer.Argument(help="Record JSONL files")]) -> None:
    """One line per article: counts of people, dates, deadlines, the primary topic and districts."""
    from civic.query.summary import summary_table

    typer.echo(summary_table(records))


@evaluate_app.command("sample")
def evaluate_sample(
    gold: Annotated[Path, typer.Option(help="Gold annotations")] = Path("corpus/sample/gold.jsonl"),
    records: Annotated[Path | None, typer.Option(help="Records to score (default: run the pipeline now)")] = None,
    inputs: Annotated[Path, typer.Option(help="Sample inputs")] = Path("corpus/sample/input"),
    model: ModelOption = "default",
    no_people_rules: Annotated[bool, typer.Option(help="People from the NER model alone")] = False,
    split: Annotated[str | None, typer.Option(help="Only gold documents of this split (dev, test)")] = None,
) -> None:
    """Precision/recall of people, districts, dates, deadlines and topics against the gold file."""
    from civic.evaluate.gold import evaluate_records, format_report, input_texts, run_records

    recs = run_records(inputs, model=model, people_rules=not no_people_rules) if records is None else records
    typer.echo(format_report(evaluate_records(gold, recs, input_texts(inputs), split=split)))


@evaluate_app.command("body")
def evaluate_body_cmd(
    corpus: Annotated[Path, typer.Option(help="recipes.jsonl, gold.jsonl and the restored texts.jsonl")] = Path(
        "corpus/body"),
) -> None:
    """Exact body spans on real pages labelled for the body (corpus/body), per split and per site."""
    from civic.evaluate.body import evaluate_body, format_body_report

    if not (corpus / "texts.jsonl").exists():
        _fail(f"{corpus}/texts.jsonl is not there: restore the pages first ({corpus}/README.md)")
    typer.echo(format_body_report(evaluate_body(corpus)))


@evaluate_app.command("persons")
def evaluate_persons_cmd(
    corpus: Annotated[Path, typer.Option(help="Records and gold.tsv")] = Path("corpus/persons"),
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Also write the result as JSON")] = None,
) -> None:
    """Pairwise merge precision/recall of the cross-document persons on the written set."""
    from civic.evaluate.persons import evaluate_persons, format_result

    result = evaluate_persons(corpus)
    _report(format_result(result), result, output)


@evaluate_app.command("events")
def evaluate_events_cmd(
    corpus: Annotated[Path, typer.Option(help="input.jsonl and gold.jsonl")] = Path("corpus/events"),
    output: Annotated[Path | None, typer.Option("-o", "--output", help="Also write the result as JSON")] = None,
) -> None:
    """Pairwise precision/recall of the deadlines grouped into events on the written set."""
    from civic.evaluate.events import evaluate_events
    from civic.evaluate.persons import format_result

    result = evaluate_events(corpus=corpus)
    _report(format_result(result), result, output)


@train_app.command("ner")
def train_ner(
    data: Annotated[Path, typer.Option(help="The open corpora (shared/data)")] = Path("../shared/data"),
    out: Annotated[Path, typer.Option(help="Model folder")] = Path("models/civic-ner-de"),
    config: Annotated[Path, typer.Option(help="spaCy training config")] = Path("models/configs/ner.cfg"),
    seed: Annotated[int, typer.Option(help="Random seed")] = 0,
    max_steps: Annotated[int | None, typer.Option(help="Override training.max_steps")] = None,
) -> None:
    """Convert the open corpora to DocBins (data/ner/, git-ignored) and train the German NER."""
    from civic.train.ner.train import train

    if not data.is_dir():
        _fail(f"{data}: no such folder (the training corpora live in shared/data)")
    folder = train(data, out, config, seed=seed, max_steps=max_steps)
    typer.echo(f"NER model saved to {folder}")


@evaluate_app.command("ner")
def evaluate_ner(
    data: Annotated[list[Path], typer.Option(help="GermEval-TSV, CoNLL or .spacy gold file(s)")],
    model: ModelOption = "default",
    repairs: Annotated[bool, typer.Option(help="apply the span repairs of components/entity_spans.py, "
                                          "as the pipeline does; --no-repairs measures the model alone")] = True,
) -> None:
    """Per-label precision, recall and F1 of the NER model on gold files."""
    from civic.analyse.nlp import default_ner, load_ner, register_components
    from civic.train.ner.train import evaluate, format_table

    nlp = load_ner(default_ner() if model == "default" else model)
    if "ner" not in nlp.pipe_names:
        _fail("no NER model: ship models/civic-ner-de or give --model")
    if repairs:
        register_components()
        nlp.add_pipe("civic_entity_spans")
    results = {str(path): evaluate(nlp, path) for path in data}
    typer.echo(format_table(results))
    for path, result in results.items():
        typer.echo(f"{path}: {result['words']} words, {result['words_per_second']} words/s")


@train_app.command("topics")
def train_topics(
    corpus: Annotated[Path, typer.Option(help="Labelled articles (*.jsonl)")] = Path("corpus/topics"),
    out: Annotated[Path, typer.Option(help="Model folder")] = Path("models/civic-topics-de"),
) -> None:
    """Fit the topic classifier on the corpus and save it with skops (a few minutes on 2 cores)."""
    from civic.train.topics import train

    model = train(corpus, out)
    typer.echo(f"topic model {model.version} saved to {out}")


@evaluate_app.command("topics")
def evaluate_topics(
    corpus: Annotated[Path, typer.Option(help="Labelled articles (*.jsonl)")] = Path("corpus/topics"),
    json_out: Annotated[Path | None, typer.Option("--json", help="Also write the figures as JSON")] = None,
) -> None:
    """Per-label P/R/F1, micro/macro F1 and confusions: held-out split and 5-fold CV."""
    from civic.train.topics import evaluate, format_metrics

    result = evaluate(corpus)
    typer.echo(format_metrics("held-out split", result["heldout"]))
    typer.echo(format_metrics("5-fold cross-validation", result["cv5"]))
    if json_out:
        import json

        json_out.write_text(json.dumps(result, indent=2, default=str), encoding="utf-8")


def main() -> None:  # pragma: no cover
    app()


if __name__ == "__main__":  # pragma: no cover
    main()
