"""The command line: a second client of the same services as the GUI (like calibredb).

`mentordesk` alone opens the window; subcommands script the same work headless.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import MentorDeskError, ValidationError

EXIT_OK, EXIT_ERROR, EXIT_USAGE = 0, 1, 2


# argparse's own strings, in Russian: the CLI is for curators' scripts too.
_ARGPARSE_RU = {
    "usage: ": "использование: ",
    "positional arguments": "аргументы",
    "options": "параметры",
    "show this help message and exit": "показать эту справку и выйти",
    "show program's version number and exit": "показать версию программы и выйти",
    "the following arguments are required: %s": "не указаны обязательные параметры: %s",
    "unrecognized arguments: %s": "неизвестные параметры: %s",
    "expected one argument": "ожидается значение",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "недопустимое значение: %(value)r (возможные: %(choices)s)",
    "invalid %(type)s value: %(value)r": "неверное значение: %(value)r",
    "argument %(argument_name)s: %(message)s": "параметр %(argument_name)s: %(message)s",
}
argparse._ = lambda text: _ARGPARSE_RU.get(text, text)  # type: ignore[attr-defined]


class _Parser(argparse.ArgumentParser):
    """argparse with Russian messages for the few strings a curator may see."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_USAGE, f"mentordesk: ошибка в параметрах: {message}\n")


def _db_arg(p: argparse.ArgumentParser, required: bool) -> None:
    p.add_argument(
        "--db", metavar="PATH|URL", required=required,
        help="файл базы SQLite или адрес SQLAlchemy (postgresql+psycopg://…)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="mentordesk", description="MentorDesk — рабочее место куратора наставничества.")
    parser.add_argument("--version", action="version", version=f"MentorDesk {__version__}",
                        help="показать версию программы и выйти")
    _db_arg(parser, required=False)
    parser.add_argument("--read-only", action="store_true", help="открыть базу только для чтения")
    sub = parser.add_subparsers(dest="command", metavar="КОМАНДА", parser_class=_Parser)

    p = sub.add_parser("demo", help="создать демонстрационную базу")
    _db_arg(p, required=True)
    p.add_argument("--size", choices=("school", "district"), default="school")
    p.add_argument("--stage", type=int, default=3, choices=range(1, 8), metavar="N",
                   help="этап программы, 1–7 (по умолчанию 3)")
    p.add_argument("--seed", type=int, default=1, help=argparse.SUPPRESS)

    p = sub.add_parser("stats", help="показать количество записей")
    _db_arg(p, required=True)
    p.add_argument("--json", action="store_true", help="вывести JSON")

    p = sub.add_parser("check", help="проверить базу данных")
    _db_arg(p, required=True)
    p.add_argument("--json", action="store_true", help="вывести JSON")

    p = sub.add_parser("backup", help="сделать резервную копию базы")
    _db_arg(p, required=True)

    p = sub.add_parser("import", help="импорт базы наставляемых или наставников из Excel/CSV")
    p.add_argument("kind", choices=("mentees", "mentors"),
                   help="mentees — наставляемые, mentors — наставники")
    p.add_argument("file", type=Path, metavar="ФАЙЛ")
    _db_arg(p, required=True)
    p.add_argument("--sheet", metavar="ЛИСТ", help="имя листа (по умолчанию — первый подходящий)")
    p.add_argument("--dry-run", action="store_true", help="только проверить, ничего не записывать")
    p.add_argument("--json", action="store_true", help="вывести JSON")

    p = sub.add_parser("export", help="выгрузка в Excel")
    p.add_argument("what", choices=("bases",), help="bases — базы наставников и наставляемых")
    p.add_argument("out", type=Path, metavar="ФАЙЛ.xlsx")
    _db_arg(p, required=True)

    p = sub.add_parser("print", help="напечатать документы в PDF (приказы также в DOCX)")
    p.add_argument("what", choices=tuple(PRINTERS), help="что напечатать")
    _db_arg(p, required=True)
    p.add_argument("--out", type=Path, required=True, metavar="ФАЙЛ",
                   help="файл .pdf (для приказов также .docx)")
    p.add_argument("--ids", type=int, nargs="+", metavar="N",
                   help="номера записей: планов (plans) или наставников (certificates, letters, "
                        "letters-parents, diplomas)")

    p = sub.add_parser("match", help="подобрать наставнические пары и группы (этап 5)")
    _db_arg(p, required=True)
    p.add_argument("--apply", action="store_true",
                   help="сохранить предложение как черновики пар (черновики заменяются)")
    p.add_argument("--json", action="store_true", help="вывести JSON")

    p = sub.add_parser("restore", help="восстановить базу из резервной копии")
    _db_arg(p, required=True)
    p.add_argument("--from", dest="source", type=Path, metavar="ФАЙЛ",
                   help="файл резервной копии (по умолчанию — самая новая)")
    p.add_argument("--list", action="store_true", help="только показать резервные копии")

    p = sub.add_parser("shots", help="снимки экранов в PNG")
    p.add_argument("outdir", type=Path)
    _db_arg(p, required=True)
    return parser


def _progress_printer(label: str):  # type: ignore[no-untyped-def]
    if not sys.stderr.isatty():
        return None
    def show(done: int, total: int) -> None:
        pct = 100 * done // total if total else 0
        print(f"\r{label}: {pct}%", end="", file=sys.stderr, flush=True)
    return show


def cmd_demo(args: argparse.Namespace) -> int:
    from .services.database import open_database
    from .services.demo import build_demo

    db = open_database(args.db)
    try:
        summary = build_demo(db, args.size, args.stage, seed=args.seed,
                             progress=_progress_printer("Создание демонстрационной базы"))
    finally:
        db.close()
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(f"Демонстрационная база создана: {args.db}")
    print(f"Людей: {summary.persons}, наставляемых: {summary.mentees}, "
          f"наставников: {summary.mentors}, пар и групп: {summary.pairs}, этап: {summary.stage}.")
    return EXIT_OK


def cmd_stats(args: argparse.Namespace) -> int:
    from .services.database import open_database
    from .services.stats import stats

    db = open_database(args.db, read_only=True)
    try:
        result = stats(db)
    finally:
        db.close()
    if args.json:
        print(json.dumps(result.as_dict(), ensure_ascii=False))
    else:
        print(f"Людей: {result.persons}\nНаставников: {result.mentors}\n"
              f"Наставляемых: {result.mentees}\nПар и групп: {result.pairs}\n"
              f"Программ: {result.programmes}\n"
              f"Текущий этап: {result.current_stage or '—'} {result.current_stage_title or ''}")
    return EXIT_OK


def cmd_check(args: argparse.Namespace) -> int:
    from .services.check import check_database

    report = check_database(args.db)
    if args.json:
        print(json.dumps({"ok": report.ok, "problems": report.problems,
                          "warnings": report.warnings, "passed": report.passed},
                         ensure_ascii=False))
    else:
        print(f"Проверка базы: {report.target}")
        for line in report.passed:
            print(f"  ✓ {line}")
        for line in report.warnings:
            print(f"  ! {line}")
        for line in report.problems:
            print(f"  ✗ {line}")
        print("Итог: " + ("проблем не найдено." if report.ok else "найдены проблемы."))
    return EXIT_OK if report.ok else EXIT_ERROR


def cmd_backup(args: argparse.Namespace) -> int:
    from .services.database import open_database

    db = open_database(args.db, create=False)
    try:
        path = db.backup("manual")
    finally:
        db.close()
    if path is None:
        print("Резервные копии базы на сервере PostgreSQL делает администратор сервера (pg_dump).")
        return EXIT_ERROR
    print(f"Резервная копия: {path}")
    return EXIT_OK


def cmd_import(args: argparse.Namespace) -> int:
    from .services.database import open_database
    from .services.importing import run_import

    db = open_database(args.db, create=False, read_only=args.dry_run)  # a dry run writes nothing
    try:
        report = run_import(db, args.kind, args.file, sheet=args.sheet, dry_run=args.dry_run,
                            progress=_progress_printer("Импорт"))
    finally:
        db.close()
    if sys.stderr.isatty():
        print(file=sys.stderr)
    data = report.as_json()
    if args.json:
        print(json.dumps(data, ensure_ascii=False))
        return EXIT_OK
    print(f"Лист «{data['sheet']}», заголовок в строке {data['header_row']}, "
          f"строк с данными: {data['data_rows']}.")
    verb = "можно импортировать" if args.dry_run else "импортировано"
    print(f"Без ошибок: {data['valid']}, {verb}: {data['valid'] if args.dry_run else data['imported']}.")
    for err in data["errors"]:
        column = f", столбец «{err['column']}»" if err["column"] else ""
        print(f"  ✗ строка {err['row']}{column}: {err['message']}")
    for dup in data["duplicates"]:
        print(f"  ! строка {dup['row']}: повтор — {dup['duplicate_of']}")
    return EXIT_OK


def cmd_export(args: argparse.Namespace) -> int:
    from .services.database import open_database
    from .services.exports import export_bases

    if args.out.suffix.lower() != ".xlsx":
        raise ValidationError(f"Выгрузка сохраняется в книгу Excel: укажите файл с расширением "
                              f".xlsx, а не «{args.out.name}».")

    db = open_database(args.db, read_only=True)
    try:
        export_bases(db, args.out, progress=_progress_printer("Выгрузка"))
    finally:
        db.close()
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(f"Базы выгружены: {args.out}")
    return EXIT_OK


# What `mentordesk print X` calls in services.printing, and what the count it returns means.
PRINTERS = {
    "plans": ("print_plans", "планов"),
    "order-pairs": ("print_order_pairs", "приказов"),
    "order-curator": ("print_order_curator", "приказов"),
    "certificates": ("print_certificates", "сертификатов"),
    "letters": ("print_letters", "писем"),
    "letters-parents": ("print_letters", "писем"),
    "diplomas": ("print_diplomas", "грамот"),
    "bases": ("print_bases", "строк"),
}
_TAKES_IDS = {"plans", "certificates", "letters", "letters-parents", "diplomas"}
_WRITES_REGISTER = {"certificates", "letters", "letters-parents", "diplomas"}


def cmd_print(args: argparse.Namespace) -> int:
    from .services import printing
    from .services.database import open_database

    if args.ids and args.what not in _TAKES_IDS:
        raise ValidationError(f"Для «{args.what}» параметр --ids не нужен.")
    function, unit = PRINTERS[args.what]
    options: dict[str, object] = {"ids": args.ids} if args.what in _TAKES_IDS else {}
    if args.what == "letters-parents":
        options["parents"] = True
    # Certificates, letters and diplomas write the awards register: opened for writing.
    db = open_database(args.db, read_only=args.what not in _WRITES_REGISTER, create=False)
    try:
        count = getattr(printing, function)(db, args.out, progress=_progress_printer("Печать"),
                                            **options)
    finally:
        db.close()
    if sys.stderr.isatty():
        print(file=sys.stderr)
    print(f"Готово: {args.out} ({unit}: {count})")
    return EXIT_OK


def cmd_match(args: argparse.Namespace) -> int:
    from .services.database import open_database
    from .services.matching import apply_suggestion, suggest, suggestion_json
    from .services.programme import current_programme_id

    db = open_database(args.db, read_only=not args.apply, create=False)
    try:
        programme_id = current_programme_id(db)
        if programme_id is None:
            raise ValidationError("В базе нет программы наставничества: подбирать пары не для чего.")
        suggestion = suggest(db, programme_id)
        written = apply_suggestion(db, suggestion) if args.apply else 0
    finally:
        db.close()
    if args.json:
        print(json.dumps(suggestion_json(suggestion), ensure_ascii=False))
        return EXIT_OK
    pool = suggestion.pool
    names = {m.id: m.name for m in pool.mentees} | {-m.id: m.name for m in pool.mentors}
    print(f"Наставников в подборе: {len(pool.mentors)}, наставляемых: {len(pool.mentees)}, "
          f"исключено: {len(pool.excluded)}")
    for a in suggestion.assignment:
        print(f"{names[-a.mentor_id]} ← {names[a.mentee_id]}: {a.score:.1f} "
              f"({'; '.join(a.reasons)})")
    for u in suggestion.unassigned:
        print(f"Без пары: {names[u.mentee_id]} — {u.reason}")
    for e in pool.excluded:
        role = "наставник" if e.role == "mentor" else "наставляемый"
        print(f"Не участвует в подборе ({role}): {e.name} — {e.reason}")
    print(f"Пар предложено: {len(suggestion.assignment)}, общий балл: {suggestion.total_score:.1f}")
    if args.apply:
        print(f"Сохранено черновиков пар и групп: {written}")
    return EXIT_OK


def cmd_restore(args: argparse.Namespace) -> int:
    from .services.backups import list_backups, restore_backup

    if args.list:
        found = list_backups(args.db)
        for info in found:
            print(f"{info.label}\t{info.path}")
        if not found:
            print("Резервных копий нет.")
        return EXIT_OK
    used = restore_backup(args.db, args.source)
    print(f"База восстановлена из копии {used}")
    return EXIT_OK


def cmd_shots(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from .ui.shots import render_all

    paths = render_all(args.outdir, args.db)
    for path in paths:
        print(path)
    return EXIT_OK if paths else EXIT_ERROR


COMMANDS = {"demo": cmd_demo, "stats": cmd_stats, "check": cmd_check, "backup": cmd_backup,
            "restore": cmd_restore, "shots": cmd_shots, "import": cmd_import,
            "export": cmd_export, "print": cmd_print, "match": cmd_match}


def _writes(args: argparse.Namespace) -> bool:
    """Whether the command would write to the database (refused under --read-only)."""
    if args.command in ("demo", "restore"):
        return not (args.command == "restore" and args.list)
    if args.command == "import":
        return not args.dry_run
    if args.command == "print":
        return args.what in _WRITES_REGISTER
    if args.command == "match":
        return bool(args.apply)
    return False


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command is None:
        from .ui.app import run_gui

        return run_gui(args.db, read_only=args.read_only)
    if args.read_only and _writes(args):
        print(f"mentordesk: с параметром --read-only команда «{args.command}» не выполняется: "
              "она записывает в базу. Уберите --read-only"
              + (" или добавьте --dry-run." if args.command == "import" else "."), file=sys.stderr)
        return EXIT_USAGE
    try:
        return COMMANDS[args.command](args)
    except MentorDeskError as exc:
        print(f"mentordesk: {exc.message}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:  # `mentordesk … | head`: the reader has gone, nothing to say
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        print("\nmentordesk: прервано.", file=sys.stderr)
        return 130


def gui_main() -> int:
    return main(sys.argv[1:] or [])
