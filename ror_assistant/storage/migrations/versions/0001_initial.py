"""Initial schema: structure (EJ, EG, OI, UE), coded answers, contacts, history, reference data.

Revision ID: 0001
Revises:
Create Date: 2026-11-26

Column types are spelled out (no import of the models), so this file keeps describing the
first schema whatever the models become later.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0001'
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('audit_entry',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('user', sa.String(), nullable=False),
    sa.Column('entity', sa.String(), nullable=False),
    sa.Column('entity_id', sa.Integer(), nullable=True),
    sa.Column('unit_id', sa.Integer(), nullable=True),
    sa.Column('action', sa.String(), nullable=False),
    sa.Column('field', sa.String(), nullable=False),
    sa.Column('old_value', sa.Text(), nullable=True),
    sa.Column('new_value', sa.Text(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audit_entry'))
    )
    with op.batch_alter_table('audit_entry', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audit_entry_at'), ['at'], unique=False)
        batch_op.create_index(batch_op.f('ix_audit_entry_unit_id'), ['unit_id'], unique=False)

    op.create_table('entite_juridique',
    sa.Column('numero_voie', sa.String(), nullable=False),
    sa.Column('type_voie', sa.String(), nullable=False),
    sa.Column('libelle_voie', sa.String(), nullable=False),
    sa.Column('lieu_dit', sa.String(), nullable=False),
    sa.Column('complement', sa.String(), nullable=False),
    sa.Column('code_postal', sa.String(), nullable=False),
    sa.Column('localite', sa.String(), nullable=False),
    sa.Column('commune_cog', sa.String(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('finess', sa.String(length=9), nullable=False),
    sa.Column('siren', sa.String(), nullable=False),
    sa.Column('raison_sociale', sa.String(), nullable=False),
    sa.Column('statut', sa.String(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entite_juridique'))
    )
    with op.batch_alter_table('entite_juridique', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entite_juridique_finess'), ['finess'], unique=True)

    op.create_table('nomenclature_release',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('resource_id', sa.String(), nullable=False),
    sa.Column('kind', sa.String(), nullable=False),
    sa.Column('version', sa.String(), nullable=False),
    sa.Column('date', sa.Date(), nullable=True),
    sa.Column('imported_by', sa.String(), nullable=False),
    sa.Column('imported_at', sa.DateTime(), nullable=False),
    sa.Column('payload', sa.Text(), nullable=False),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_nomenclature_release')),
    sa.UniqueConstraint('resource_id', 'version', name='uq_nomenclature_release')
    )
    with op.batch_alter_table('nomenclature_release', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_nomenclature_release_resource_id'), ['resource_id'], unique=False)

    op.create_table('entite_geographique',
    sa.Column('numero_voie', sa.String(), nullable=False),
    sa.Column('type_voie', sa.String(), nullable=False),
    sa.Column('libelle_voie', sa.String(), nullable=False),
    sa.Column('lieu_dit', sa.String(), nullable=False),
    sa.Column('complement', sa.String(), nullable=False),
    sa.Column('code_postal', sa.String(), nullable=False),
    sa.Column('localite', sa.String(), nullable=False),
    sa.Column('commune_cog', sa.String(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ej_id', sa.Integer(), nullable=False),
    sa.Column('finess', sa.String(length=9), nullable=False),
    sa.Column('siret', sa.String(), nullable=False),
    sa.Column('nom', sa.String(), nullable=False),
    sa.Column('categorie', sa.String(), nullable=False),
    sa.Column('telephone', sa.String(), nullable=False),
    sa.Column('champs', sa.String(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['ej_id'], ['entite_juridique.id'], name=op.f('fk_entite_geographique_ej_id_entite_juridique')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_entite_geographique'))
    )
    with op.batch_alter_table('entite_geographique', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_entite_geographique_ej_id'), ['ej_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_entite_geographique_finess'), ['finess'], unique=True)

    op.create_table('match_alias',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ej_id', sa.Integer(), nullable=True),
    sa.Column('field', sa.String(), nullable=False),
    sa.Column('text_key', sa.String(), nullable=False),
    sa.Column('code', sa.String(), nullable=False),
    sa.Column('value_set', sa.String(), nullable=False),
    sa.Column('created_by', sa.String(), nullable=False),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.ForeignKeyConstraint(['ej_id'], ['entite_juridique.id'], name=op.f('fk_match_alias_ej_id_entite_juridique')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_match_alias')),
    sa.UniqueConstraint('ej_id', 'field', 'text_key', name='uq_match_alias_key')
    )
    with op.batch_alter_table('match_alias', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_match_alias_ej_id'), ['ej_id'], unique=False)

    op.create_table('campaign',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('ej_id', sa.Integer(), nullable=True),
    sa.Column('eg_id', sa.Integer(), nullable=True),
    sa.Column('launched_on', sa.Date(), nullable=True),
    sa.Column('training_admin_on', sa.Date(), nullable=True),
    sa.Column('training_metier_on', sa.Date(), nullable=True),
    sa.Column('ars_validation_on', sa.Date(), nullable=True),
    sa.Column('notes', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['eg_id'], ['entite_geographique.id'], name=op.f('fk_campaign_eg_id_entite_geographique')),
    sa.ForeignKeyConstraint(['ej_id'], ['entite_juridique.id'], name=op.f('fk_campaign_ej_id_entite_juridique')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_campaign'))
    )
    with op.batch_alter_table('campaign', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_campaign_eg_id'), ['eg_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_campaign_ej_id'), ['ej_id'], unique=False)

    op.create_table('organisation_interne',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('eg_id', sa.Integer(), nullable=False),
    sa.Column('parent_id', sa.Integer(), nullable=True),
    sa.Column('type_oi', sa.String(), nullable=False),
    sa.Column('nom', sa.String(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.ForeignKeyConstraint(['eg_id'], ['entite_geographique.id'], name=op.f('fk_organisation_interne_eg_id_entite_geographique')),
    sa.ForeignKeyConstraint(['parent_id'], ['organisation_interne.id'], name=op.f('fk_organisation_interne_parent_id_organisation_interne')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_organisation_interne'))
    )
    with op.batch_alter_table('organisation_interne', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_organisation_interne_eg_id'), ['eg_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_organisation_interne_parent_id'), ['parent_id'], unique=False)

    op.create_table('unit',
    sa.Column('numero_voie', sa.String(), nullable=False),
    sa.Column('type_voie', sa.String(), nullable=False),
    sa.Column('libelle_voie', sa.String(), nullable=False),
    sa.Column('lieu_dit', sa.String(), nullable=False),
    sa.Column('complement', sa.String(), nullable=False),
    sa.Column('code_postal', sa.String(), nullable=False),
    sa.Column('localite', sa.String(), nullable=False),
    sa.Column('commune_cog', sa.String(), nullable=False),
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('eg_id', sa.Integer(), nullable=False),
    sa.Column('oi_id', sa.Integer(), nullable=True),
    sa.Column('nom', sa.String(), nullable=False),
    sa.Column('unite_sensible', sa.Boolean(), nullable=True),
    sa.Column('age_min', sa.Integer(), nullable=True),
    sa.Column('age_min_unit', sa.String(), nullable=False),
    sa.Column('age_max', sa.Integer(), nullable=True),
    sa.Column('age_max_unit', sa.String(), nullable=False),
    sa.Column('comment', sa.String(), nullable=False),
    sa.Column('status', sa.String(), nullable=False),
    sa.Column('closed_on', sa.Date(), nullable=True),
    sa.Column('created_at', sa.DateTime(), nullable=False),
    sa.Column('created_by', sa.String(), nullable=False),
    sa.Column('updated_at', sa.DateTime(), nullable=False),
    sa.Column('updated_by', sa.String(), nullable=False),
    sa.Column('revision', sa.Integer(), nullable=False),
    sa.Column('interview_step', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['eg_id'], ['entite_geographique.id'], name=op.f('fk_unit_eg_id_entite_geographique')),
    sa.ForeignKeyConstraint(['oi_id'], ['organisation_interne.id'], name=op.f('fk_unit_oi_id_organisation_interne')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_unit'))
    )
    with op.batch_alter_table('unit', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_unit_eg_id'), ['eg_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_unit_oi_id'), ['oi_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_unit_status'), ['status'], unique=False)

    op.create_table('capacity',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('nature', sa.String(), nullable=False),
    sa.Column('nombre', sa.Integer(), nullable=False),
    sa.Column('statut', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_capacity_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_capacity')),
    sa.UniqueConstraint('unit_id', 'nature', 'statut', name='uq_capacity_kind')
    )
    with op.batch_alter_table('capacity', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_capacity_unit_id'), ['unit_id'], unique=False)

    op.create_table('coded_value',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('attribute', sa.String(), nullable=False),
    sa.Column('code', sa.String(), nullable=False),
    sa.Column('value_set', sa.String(), nullable=False),
    sa.Column('value_set_version', sa.String(), nullable=False),
    sa.Column('label', sa.String(), nullable=False),
    sa.Column('free_text', sa.String(), nullable=False),
    sa.Column('score', sa.Float(), nullable=True),
    sa.Column('margin', sa.Float(), nullable=True),
    sa.Column('chosen_how', sa.String(), nullable=False),
    sa.Column('chosen_by', sa.String(), nullable=False),
    sa.Column('chosen_at', sa.DateTime(), nullable=False),
    sa.Column('quantity', sa.Integer(), nullable=True),
    sa.Column('valid', sa.Boolean(), nullable=False),
    sa.Column('deprecated', sa.Boolean(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_coded_value_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_coded_value')),
    sa.UniqueConstraint('unit_id', 'attribute', 'code', name='uq_coded_value_code')
    )
    with op.batch_alter_table('coded_value', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_coded_value_unit_id'), ['unit_id'], unique=False)
        batch_op.create_index('uq_coded_value_single', ['unit_id', 'attribute'], unique=True, sqlite_where=sa.text("attribute IN ('champActivite', 'modePriseEnCharge', 'typeOffre', 'temporaliteAccueil')"), postgresql_where=sa.text("attribute IN ('champActivite', 'modePriseEnCharge', 'typeOffre', 'temporaliteAccueil')"))

    op.create_table('contact',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('nom', sa.String(), nullable=False),
    sa.Column('fonction', sa.String(), nullable=True),
    sa.Column('nature', sa.String(), nullable=True),
    sa.Column('description', sa.String(), nullable=False),
    sa.Column('confidentialite', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_contact_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_contact'))
    )
    with op.batch_alter_table('contact', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_contact_unit_id'), ['unit_id'], unique=False)

    op.create_table('horaire',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('jour', sa.Integer(), nullable=False),
    sa.Column('debut', sa.String(), nullable=False),
    sa.Column('fin', sa.String(), nullable=False),
    sa.Column('type_plage', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_horaire_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_horaire'))
    )
    with op.batch_alter_table('horaire', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_horaire_unit_id'), ['unit_id'], unique=False)

    op.create_table('item_comment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('item', sa.String(), nullable=False),
    sa.Column('comment', sa.String(), nullable=False),
    sa.Column('by', sa.String(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('resolved_at', sa.DateTime(), nullable=True),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_item_comment_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_item_comment'))
    )
    with op.batch_alter_table('item_comment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_item_comment_unit_id'), ['unit_id'], unique=False)

    op.create_table('workflow_event',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('unit_id', sa.Integer(), nullable=False),
    sa.Column('from_status', sa.String(), nullable=False),
    sa.Column('to_status', sa.String(), nullable=False),
    sa.Column('by', sa.String(), nullable=False),
    sa.Column('at', sa.DateTime(), nullable=False),
    sa.Column('comment', sa.String(), nullable=False),
    sa.Column('fingerprint', sa.String(), nullable=True),
    sa.ForeignKeyConstraint(['unit_id'], ['unit.id'], name=op.f('fk_workflow_event_unit_id_unit')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_workflow_event'))
    )
    with op.batch_alter_table('workflow_event', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_workflow_event_unit_id'), ['unit_id'], unique=False)

    op.create_table('telecom',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('contact_id', sa.Integer(), nullable=False),
    sa.Column('canal', sa.String(), nullable=True),
    sa.Column('adresse', sa.String(), nullable=False),
    sa.Column('confidentialite', sa.String(), nullable=True),
    sa.Column('utilisation', sa.String(), nullable=False),
    sa.ForeignKeyConstraint(['contact_id'], ['contact.id'], name=op.f('fk_telecom_contact_id_contact')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_telecom'))
    )
    with op.batch_alter_table('telecom', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_telecom_contact_id'), ['contact_id'], unique=False)


def downgrade() -> None:
    """Drop every table, children first (indexes go with their table)."""
    op.drop_table('telecom')
    op.drop_table('workflow_event')
    op.drop_table('item_comment')
    op.drop_table('horaire')
    op.drop_table('contact')
    op.drop_table('coded_value')
    op.drop_table('capacity')
    op.drop_table('unit')
    op.drop_table('organisation_interne')
    op.drop_table('campaign')
    op.drop_table('match_alias')
    op.drop_table('entite_geographique')
    op.drop_table('nomenclature_release')
    op.drop_table('entite_juridique')
    op.drop_table('audit_entry')
