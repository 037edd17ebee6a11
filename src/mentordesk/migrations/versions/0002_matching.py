"""Matching: the request-to-competence map and the curator's weights

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23 19:00:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

# A frozen copy of the map released with this revision, for databases seeded before it.
# (Later changes to the live map in model/reference.py must not change what this wrote.)
_MAP: dict[str, tuple[str, ...]] = {
    "Низкая мотивация": ("повышение учебной мотивации", "вовлечение во внеурочную деятельность"),
    "Неуспеваемость": ("ликвидация пробелов в знаниях", "подготовка к ВПР", "подготовка к ОГЭ",
                       "подготовка к ЕГЭ"),
    "Адаптация": ("адаптация в коллективе", "психолого-педагогическая поддержка",
                  "развитие коммуникативных навыков"),
    "ОВЗ": ("работа с детьми с ОВЗ", "психолого-педагогическая поддержка"),
    "ЗПР": ("работа с детьми с ОВЗ", "психолого-педагогическая поддержка",
            "ликвидация пробелов в знаниях"),
    "Группа риска": ("профилактика правонарушений", "повышение учебной мотивации",
                     "психолого-педагогическая поддержка"),
    "Одарённость": ("подготовка к олимпиадам", "исследовательская деятельность",
                    "проектная деятельность"),
    "Подготовка к олимпиаде": ("подготовка к олимпиадам", "олимпиадная подготовка",
                               "исследовательская деятельность"),
    "Профориентация": ("профориентация", "профессиональные пробы"),
    "Конфликтность": ("медиация и разрешение конфликтов", "развитие коммуникативных навыков"),
    "Молодой специалист": ("методическое сопровождение молодых педагогов", "анализ урока",
                           "формирующее оценивание", "классное руководство"),
    "Профессиональный дефицит": ("методическое сопровождение молодых педагогов", "анализ урока",
                                 "формирующее оценивание"),
    "Новый сотрудник": ("методическое сопровождение молодых педагогов", "классное руководство"),
}


def upgrade() -> None:
    op.create_table('request_competences',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('request_kind_id', sa.Integer(), nullable=False),
    sa.Column('competence', sa.String(length=300), nullable=False),
    sa.CheckConstraint('length(competence) > 0', name=op.f('ck_request_competences_competence_not_empty')),
    sa.ForeignKeyConstraint(['request_kind_id'], ['request_kinds.id'], name=op.f('fk_request_competences_request_kind_id_request_kinds'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_request_competences')),
    sa.UniqueConstraint('request_kind_id', 'competence', name=op.f('uq_request_competences_request_kind_id_competence'))
    )
    with op.batch_alter_table('request_competences', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_request_competences_request_kind_id'), ['request_kind_id'], unique=False)

    op.create_table('match_weights',
    sa.Column('programme_id', sa.Integer(), nullable=False),
    sa.Column('component', sa.String(length=30), nullable=False),
    sa.Column('weight', sa.Float(), nullable=False),
    sa.CheckConstraint('weight >= 0 AND weight <= 100', name=op.f('ck_match_weights_weight_range')),
    sa.ForeignKeyConstraint(['programme_id'], ['programmes.id'], name=op.f('fk_match_weights_programme_id_programmes'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('programme_id', 'component', name=op.f('pk_match_weights'))
    )

    # Databases whose reference data was seeded before this revision get the default map for
    # the built-in request kinds (a fresh database gets it when the reference data is seeded).
    conn = op.get_bind()
    kinds = sa.table('request_kinds', sa.column('id', sa.Integer), sa.column('name', sa.String))
    links = sa.table('request_competences', sa.column('request_kind_id', sa.Integer),
                     sa.column('competence', sa.String))
    rows = []
    for kind_id, name in conn.execute(sa.select(kinds.c.id, kinds.c.name)):
        rows += [{"request_kind_id": kind_id, "competence": c} for c in _MAP.get(name, ())]
    if rows:
        op.bulk_insert(links, rows)


def downgrade() -> None:
    op.drop_table('match_weights')
    with op.batch_alter_table('request_competences', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_request_competences_request_kind_id'))
    op.drop_table('request_competences')
