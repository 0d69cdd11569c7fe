"""A fictional establishment to try the product and run workshops, without real data.

Used by ``ror-assistant demo`` and by the tests, so it imports no front end. The
numbers look real (9-character FINESS with a Luhn key, 5-digit postal code) but every name
says « fictif » and the FINESS numbers start with 99, a department code that does not exist,
so nothing seeded can be mistaken for, or collide with, a real establishment.

Units are left in the states a workshop needs: one finalised with its sheet issued, some in
progress, one untouched and one closed, so the tree, the dashboard and the interview all have something to show.
All codes come from the bundled nomenclatures (resolved at seeding time, never typed labels).
"""

from __future__ import annotations

from datetime import date

from ror_assistant import storage, workflow
from ror_assistant.description import Address, CodedAnswer, Contact, Patientele, Telecom
from ror_assistant.nomenclature import Catalog, load_catalog
from ror_assistant.storage import Database

SITE_ADDRESS = Address(numero_voie="12", type_voie="rue", libelle_voie="des Tilleuls",
                       code_postal="45990", localite="Belle-Rive-sur-Loire (fictif)")


def finess(stem: str) -> str:
    """A 9-digit FINESS-like number: ``stem`` (8 digits) and its Luhn key."""
    total = 0
    for position, digit in enumerate(reversed(stem)):
        value = int(digit) * (2 if position % 2 == 0 else 1)
        total += value - 9 if value > 9 else value
    return stem + str((10 - total % 10) % 10)


def coded(catalog: Catalog, attribute: str, code: str) -> CodedAnswer:
    """A coded answer with the value set bound to ``attribute`` and its official label."""
    value_set = catalog.value_set_for(attribute)
    concept = catalog.resolve(value_set.id, code)
    if concept is None:
        raise ValueError(f"code {code} absent from {value_set.id}: update the demo")
    return CodedAnswer(attribute=attribute, code=code, value_set=value_set.id,
                       value_set_version=value_set.version, label=concept.libelle, chosen_how="import")


def seed_demo(database: Database, user: str, catalog: Catalog | None = None) -> dict[str, int]:
    """Create the fictional CH de Belle-Rive; returns the unit ids by name (tests use them)."""
    catalog = catalog or load_catalog()
    with database.write(user) as session:
        ej = storage.create_ej(session, user, finess("99000001"),
                               "Centre hospitalier de Belle-Rive (établissement fictif)",
                               siren="999000017", address=SITE_ADDRESS)
        eg = storage.create_eg(session, user, ej.id, finess("99000002"), "CH de Belle-Rive — site principal (fictif)",
                               categorie="355", champs=["MCO", "SMR"], telephone="02 38 00 00 00",
                               address=SITE_ADDRESS)
        medecine = storage.create_oi(session, user, eg.id, "1", "Pôle médecine")
        smr = storage.create_oi(session, user, eg.id, "1", "Pôle soins médicaux et de réadaptation")
        oncologie = storage.create_oi(session, user, eg.id, "2", "Service d'oncologie", parent_id=medecine.id)
        cardiologie = storage.create_oi(session, user, eg.id, "2", "Service de cardiologie", parent_id=medecine.id)
        readaptation = storage.create_oi(session, user, eg.id, "2", "Service de réadaptation", parent_id=smr.id)

        def unit(oi, name: str, address: Address | None = None) -> int:
            return storage.create_unit(session, user, eg.id, name, oi_id=oi.id, address=address).id

        units = {
            "hdj_onco": unit(oncologie, "Hôpital de jour d'oncologie"),
            "hc_onco": unit(oncologie, "Hospitalisation complète d'oncologie"),
            "usic": unit(cardiologie, "Soins intensifs de cardiologie"),
            "consult_cardio": unit(cardiologie, "Consultations de cardiologie", Address()),  # À faire
            "smr": unit(readaptation, "Réadaptation polyvalente"),
            "ancienne": unit(readaptation, "Ancienne unité de rééducation"),
        }

        # Finalised: every ANS criterion met.
        finalised = units["hdj_onco"]
        storage.set_coded(session, user, finalised, coded(catalog, "champActivite", "01"), expected=None)
        storage.set_coded(session, user, finalised, coded(catalog, "modePriseEnCharge", "29"), expected=None)
        storage.add_coded(session, user, finalised, coded(catalog, "activiteOperationnelle", "164"))
        storage.add_coded(session, user, finalised, coded(catalog, "activiteOperationnelle", "414"))
        storage.set_patientele(session, user, finalised, Patientele(age_min=18, age_max=120),
                               expected=Patientele())
        storage.add_contact(session, user, finalised, Contact(
            nature="07", confidentialite="1",
            telecoms=[Telecom(canal="2", adresse="0238000012", confidentialite="1")]))

        # In progress: champ, mode and activité, no ages, no contact.
        in_progress = units["hc_onco"]
        storage.set_coded(session, user, in_progress, coded(catalog, "champActivite", "01"), expected=None)
        storage.set_coded(session, user, in_progress, coded(catalog, "modePriseEnCharge", "28"), expected=None)
        storage.add_coded(session, user, in_progress, coded(catalog, "activiteOperationnelle", "102"))

        storage.set_coded(session, user, units["smr"], coded(catalog, "champActivite", "02"), expected=None)

        storage.close(session, user, "unit", units["ancienne"], date(2024, 12, 31))
    with database.write(user) as session:
        # Its sheet issued: waiting for the head of department (the issue fingerprints the stored data).
        workflow.issue(session, user, finalised)
    return units
