"""Writing stages 4 to 7 of the demonstration programme: selection and training, the
general meeting and preferences, pairs with their plans and meetings, and completion."""

from __future__ import annotations

from typing import Any

from ..model import (
    Answer,
    Award,
    AwardKind,
    BestPractice,
    DevelopmentPlan,
    EventAttendance,
    EventLevel,
    EventResult,
    Interview,
    ItemKind,
    Meeting,
    MeetingAttendance,
    MeetingKind,
    MenteeResult,
    MentorStatus,
    Pair,
    PairMember,
    PairStatus,
    PairStatusChange,
    ParticipationRecord,
    Person,
    PersonKind,
    PlanItem,
    Preference,
    ProgrammeEvent,
    QuestionnaireItem,
    QuestionnairePurpose,
    QuestionnaireResponse,
    QuestionnaireTemplate,
    TrainingAttendance,
    TrainingSession,
)
from .demo_data import SUBJECT_DATIVE, VENUES
from .demo_plan import MenteePlan, MentorPlan, PairPlan, Participant, sexed
from .demo_texts import (
    ACQUAINTANCE_TOPIC,
    AWARD_WORDING,
    BEST_PRACTICES,
    CANDIDATE_ITEMS,
    CANDIDATE_REASONS,
    CANDIDATE_TEMPLATE_TITLE,
    CHOICE_BY_THEME,
    FINAL_EVENT,
    FINAL_TOPIC,
    GENERAL_MEETING,
    MEETING_NOTES,
    PLANNING_TOPIC,
    REFLECTION,
    SATISFACTION_COMMENTS,
    THEMES,
    TRAININGS,
)
from .demo_writer import WriterBase, at_hour, month_text, workday

ITEM_KINDS = {k.value: k for k in ItemKind}


class StageWriter(WriterBase):
    def write_selection(self) -> None:
        rng, tl = self.rng, self.tl
        template = QuestionnaireTemplate(
            title=CANDIDATE_TEMPLATE_TITLE, purpose=QuestionnairePurpose.MENTOR_CANDIDATE,
            audience="mentor", builtin=False)
        template.items = [
            QuestionnaireItem(position=i, text=text, kind=ITEM_KINDS[kind], choices=choices,
                              scale_min=1 if kind == "scale" else None,
                              scale_max=10 if kind == "scale" else None)
            for i, (text, kind, choices) in enumerate(CANDIDATE_ITEMS)]
        self.orm([template])
        items = template.items
        responses, answers, interviews = [], [], []
        for o in self.world.schools:
            interviewer = self.staff_short(o, "curator")
            for m in o.mentors:
                profile = self.mentor_profiles[id(m)]
                filled = m.entered_day + rng.uniform(0, 4)
                rid = self.new_id(QuestionnaireResponse)
                responses.append({"id": rid, "template_id": template.id,
                                  "person_id": m.person.id, "programme_id": self.programme.id,
                                  "pair_id": None, "meeting_id": None,
                                  "filled_on": tl.day(filled)})
                theme_choice = CHOICE_BY_THEME.get(
                    next((x.theme for p in m.pairs.values() for x in p.members), "academic"),
                    "Учебные трудности")
                if m.role == "tt":
                    theme_choice = "Молодые педагоги"
                experienced = m.person.kind == PersonKind.TEACHER and rng.random() < 0.6
                values: list[tuple[float | None, str]] = [
                    (None, rng.choice(CANDIDATE_REASONS)),
                    (1.0 if experienced else 0.0, "Да" if experienced else "Нет"),
                    (float(rng.randint(4, 6) if not m.recommended else rng.randint(7, 10)), ""),
                    (None, theme_choice),
                    (None, ", ".join(m.meeting_times)),
                ]
                for item, (number, text) in zip(items, values, strict=True):
                    answers.append({"response_id": rid, "item_id": item.id,
                                    "value_number": number, "value_text": text})
                interviews.append({
                    "mentor_id": profile.id, "held_on": tl.day(filled + rng.uniform(2, 6)),
                    "interviewer": interviewer, "recommended": m.recommended,
                    "notes": m.interview_note})
        self.bulk(QuestionnaireResponse, responses)
        self.bulk(Answer, answers)
        self.bulk(Interview, interviews)

        sessions, attendance = [], []
        trainer_org = self.world.centre or self.world.schools[0]
        methodists = [s.person for s in trainer_org.staff if s.role == "other"]
        for k, (title, hours, who) in enumerate(TRAININGS):
            sid = self.new_id(TrainingSession)
            trainer = (methodists[k % len(methodists)].short_name if self.district and methodists
                       else self.staff_short(trainer_org, who))
            plan_word = self.plan_title.label
            sessions.append({"id": sid, "programme_id": self.programme.id,
                             "title": title.replace("{Plan}", plan_word), "hours": hours,
                             "held_on": workday(tl.day(63 + 5 * k)), "trainer": trainer})
            for o in self.world.schools:
                for m in o.mentors:
                    status = self.mentor_status(m)
                    if status not in (MentorStatus.SELECTED, MentorStatus.TRAINED):
                        continue
                    missed = k in m.missed or (status == MentorStatus.SELECTED
                                               and not m.missed and k == 2)
                    attendance.append({"session_id": sid,
                                       "mentor_id": self.mentor_profiles[id(m)].id,
                                       "attended": not missed})
        self.bulk(TrainingSession, sessions)
        self.bulk(TrainingAttendance, attendance)

    def write_general_meetings(self) -> None:
        rng = self.rng
        events, attendance, prefs = [], [], []
        pid = self.programme.id
        for o in self.world.schools:
            suffix = f" ({o.text.short_name})" if self.district else ""
            event = self.event_row("general_meeting", GENERAL_MEETING + suffix, 78)
            events.append(event)
            mentors = [m for m in o.mentors
                       if self.mentor_status(m) in (MentorStatus.SELECTED, MentorStatus.TRAINED)
                       and m.consent_valid]
            mentees = [m for m in o.mentees if m.consent_valid]
            present: set[int] = set()
            for part in (*mentors, *mentees):
                here = rng.random() < 0.92
                if here:
                    present.add(id(part))
                attendance.append({"event_id": event["id"], "person_id": part.person.id,
                                   "present": here})
            pairable = [m for m in mentors if m.pairable]
            when = at_hour(event["held_on"], 16)
            for mentee in mentees:
                if id(mentee) not in present:
                    continue
                forms = {f for f, _ in mentee.options}
                pool = [m for m in pairable if forms & set(m.forms)
                        and m.age_min <= mentee.age <= m.age_max]
                rng.shuffle(pool)
                chosen: list[MentorPlan] = []
                if mentee.pair is not None and rng.random() < 0.7:
                    chosen.append(mentee.pair.mentor)
                chosen += [m for m in pool if m not in chosen][: 3 - len(chosen)]
                for rank, m in enumerate(chosen[:3], 1):
                    prefs.append({"programme_id": pid, "chooser_id": mentee.person.id,
                                  "chosen_id": m.person.id, "rank": rank, "recorded_at": when})
            for mentor in pairable:
                if id(mentor) not in present:
                    continue
                own = [x for p in mentor.pairs.values() for x in p.members
                       if id(x) in present]
                rng.shuffle(own)
                picks = own[: rng.randint(1, 3)] if own else []
                for rank, x in enumerate(picks, 1):
                    prefs.append({"programme_id": pid, "chooser_id": mentor.person.id,
                                  "chosen_id": x.person.id, "rank": rank, "recorded_at": when})
        self.bulk(ProgrammeEvent, events)
        self.bulk(EventAttendance, attendance)
        self.bulk(Preference, prefs)

    def write_pairs(self) -> None:
        rng, tl = self.rng, self.tl
        pairs, members, history = [], [], []
        for o in self.world.schools:
            order_number = f"{rng.randint(300, 380)}-о"
            for pair in o.pairs:
                pid = self.new_id(Pair)
                self.pair_ids[id(pair)] = pid
                order, start, end = self.pair_dates(pair)
                form_id, rm_id = self.form_ids(pair.form, pair.role_model)
                status = PairStatus.COMPLETED if self.stage >= 7 else PairStatus.ACTIVE
                mentor = pair.mentor
                if mentor.role == "employer":
                    venue = f"{mentor.person.place}; {o.text.short_name}"
                else:
                    venue = f"{o.text.short_name}, " + \
                        rng.choice(VENUES).format(n=rng.randint(101, 315))
                pairs.append({
                    "id": pid, "programme_id": self.programme.id,
                    "mentor_id": self.mentor_profiles[id(mentor)].id, "form_id": form_id,
                    "role_model_id": rm_id, "starts_on": start, "ends_on": end,
                    "status": status, "order_number": order_number, "order_date": order,
                    "closure_reason": "", "venue": venue,
                })
                for m in pair.members:
                    members.append({"pair_id": pid, "mentee_id": self.mentee_profiles[id(m)].id,
                                    "joined_on": start, "left_on": None})
                first = self.schedule(pair)[0][1]
                changes = [
                    (None, PairStatus.DRAFT, workday(tl.day(82)),
                     "Сформирована по итогам общей встречи и анкет предпочтений"),
                    (PairStatus.DRAFT, PairStatus.APPROVED, order,
                     f"Приказ № {order_number} от {order:%d.%m.%Y} «Об утверждении "
                     "наставнических пар/групп»"),
                    (PairStatus.APPROVED, PairStatus.ACTIVE, self.meeting_day(first),
                     "Проведена встреча-знакомство"),
                ]
                if self.stage >= 7:
                    changes.append((PairStatus.ACTIVE, PairStatus.COMPLETED, end,
                                    "Итоговая встреча проведена, программа завершена"))
                for i, (old, new, day, reason) in enumerate(changes):
                    history.append({"pair_id": pid, "at": at_hour(day, 9 + i), "from_status": old,
                                    "to_status": new, "reason": reason})
        self.bulk(Pair, pairs)
        self.bulk(PairMember, members)
        self.bulk(PairStatusChange, history)

    def write_plans(self) -> None:
        rng, tl = self.rng, self.tl
        plans, items = [], []
        for o in self.world.schools:
            for pair in o.pairs:
                sched = self.schedule(pair)
                planning = next(x for k, x in sched if k == MeetingKind.PLANNING)
                _, start, end = self.pair_dates(pair)
                for m in pair.members:
                    texts = THEMES[m.theme]
                    plan_id = self.new_id(DevelopmentPlan)
                    result = self.results.get(id(m))
                    plans.append({
                        "id": plan_id, "pair_id": self.pair_ids[id(pair)],
                        "mentee_id": self.mentee_profiles[id(m)].id, "title": self.plan_title,
                        "goal": self.fill(texts.goal, m),
                        "tasks": "\n".join(f"{i}. {self.fill(t, m)}"
                                           for i, t in enumerate(texts.tasks, 1)),
                        "starts_on": start, "ends_on": end,
                        "results": result[0] if result and self.stage >= 7 else "",
                        "reflection": sexed(rng.choice(REFLECTION), m.male)
                        if self.stage >= 7 else "",
                        "approved_on": self.meeting_day(planning),
                    })
                    k = rng.randint(4, min(7, len(texts.items)))
                    chosen = sorted(rng.sample(range(len(texts.items)), k))
                    span = (240 - planning - 14) / max(1, k - 1)
                    for pos, idx in enumerate(chosen):
                        activity, expected = texts.items[idx]
                        due = tl.raw(planning + 14 + span * pos)
                        done = due <= tl.today and rng.random() < (0.93 if self.stage >= 7
                                                                    else 0.85)
                        note = "Выполнено" if done else (
                            "Перенесено" if due <= tl.today else "")
                        items.append({"plan_id": plan_id, "position": pos + 1,
                                      "activity": self.fill(activity, m), "due_on": due,
                                      "due_text": month_text(due),
                                      "expected_result": self.fill(expected, m),
                                      "done": done, "done_note": note})
        self.bulk(DevelopmentPlan, plans)
        self.bulk(PlanItem, items)

    def write_meetings(self) -> None:
        rng = self.rng
        meetings, attendance = [], []
        for o in self.world.schools:
            for pair in o.pairs:
                lead = pair.members[0]
                texts = THEMES[lead.theme]
                last_topic = ""
                for kind, natural in self.schedule(pair):
                    mid = self.new_id(Meeting)
                    if kind == MeetingKind.ACQUAINTANCE:
                        topic = ACQUAINTANCE_TOPIC
                    elif kind == MeetingKind.TRIAL:
                        topic = self.fill(texts.trial, lead)
                    elif kind == MeetingKind.PLANNING:
                        topic = self.fill(PLANNING_TOPIC, lead)
                    elif kind == MeetingKind.FINAL:
                        topic = FINAL_TOPIC
                    else:
                        options = [t for t in texts.topics if t != last_topic]
                        topic = self.fill(rng.choice(options), lead)
                        last_topic = topic
                    meetings.append({
                        "id": mid, "pair_id": self.pair_ids[id(pair)], "kind": kind,
                        "held_on": self.meeting_day(natural), "topic": topic,
                        "notes": rng.choice(MEETING_NOTES) if kind == MeetingKind.REGULAR else "",
                        "duration_minutes": 90 if pair.mentor.role == "employer"
                        else rng.choice((40, 45, 45, 60)),
                    })
                    attendance.append({"meeting_id": mid, "person_id": pair.mentor.person.id,
                                       "present": True})
                    for m in pair.members:
                        attendance.append({
                            "meeting_id": mid, "person_id": m.person.id,
                            "present": kind != MeetingKind.REGULAR or rng.random() < 0.92})
        self.bulk(Meeting, meetings)
        self.bulk(MeetingAttendance, attendance)

    def write_satisfaction(self, purpose: QuestionnairePurpose) -> None:
        template = self.templates.get(purpose)
        if template is None:
            return
        rng = self.rng
        end = purpose == QuestionnairePurpose.SATISFACTION_END
        responses, answers = [], []
        for o in self.world.schools:
            seen: set[int] = set()
            for pair in o.pairs:
                sched = self.schedule(pair)
                kind = MeetingKind.FINAL if end else MeetingKind.PLANNING
                day = self.meeting_day(next(x for k, x in sched if k == kind))
                people: list[Participant] = [*pair.members]
                if id(pair.mentor) not in seen:
                    seen.add(id(pair.mentor))
                    people.append(pair.mentor)
                for part in people:
                    rid = self.new_id(QuestionnaireResponse)
                    responses.append({"id": rid, "template_id": template.id,
                                      "person_id": part.person.id,
                                      "programme_id": self.programme.id,
                                      "pair_id": self.pair_ids[id(pair)], "meeting_id": None,
                                      "filled_on": day})
                    happy = not end or self.results.get(id(part), ("", True, None))[1]
                    for item in template.items:
                        if item.kind == ItemKind.SCALE:
                            low = 7 if happy else 5
                            answers.append({"response_id": rid, "item_id": item.id,
                                            "value_number": float(rng.randint(low, 10)),
                                            "value_text": ""})
                        elif item.kind == ItemKind.YES_NO:
                            yes = rng.random() < (0.85 if happy else 0.5)
                            answers.append({"response_id": rid, "item_id": item.id,
                                            "value_number": 1.0 if yes else 0.0,
                                            "value_text": "Да" if yes else "Нет"})
                        else:
                            comment = rng.choice(SATISFACTION_COMMENTS)
                            if comment:
                                answers.append({"response_id": rid, "item_id": item.id,
                                                "value_number": None, "value_text": comment})
        self.bulk(QuestionnaireResponse, responses)
        self.bulk(Answer, answers)

    def write_participation(self) -> None:
        rng, tl = self.rng, self.tl
        rows = []
        for o in self.world.schools:
            for m in o.mentees:
                if m.theme == "gifted" and m.consent_valid and tl.happened(40):
                    subj = SUBJECT_DATIVE.get(m.subject, m.subject)
                    result = rng.choices(list(EventResult), (5, 3.5, 1.5))[0]
                    rows.append(self.olympiad(m, subj, EventLevel.SCHOOL, result, 40))
                    if result != EventResult.PARTICIPANT and tl.happened(95) \
                            and (m.person.grade or 0) >= 7:
                        rows.append(self.olympiad(
                            m, subj, EventLevel.MUNICIPAL,
                            rng.choices(list(EventResult), (6, 3, 1))[0], 95))
                if m.pair is not None and m.pair.mentor.role == "employer":
                    regular = [x for k, x in self.schedule(m.pair) if k == MeetingKind.REGULAR]
                    if regular:
                        rows.append({
                            "person_id": m.person.id, "event_kind": "профпроба",
                            "title": f"Профессиональная проба «{m.pair.mentor.person.position}»",
                            "level": EventLevel.MUNICIPAL, "result": EventResult.PARTICIPANT,
                            "held_on": self.meeting_day(regular[0]), "subject": ""})
        self.bulk(ParticipationRecord, rows)

    def olympiad(self, m: MenteePlan, subj: str, level: EventLevel, result: EventResult,
                 natural: float) -> dict[str, Any]:
        return {"person_id": m.person.id, "event_kind": "олимпиада",
                "title": f"Всероссийская олимпиада школьников по {subj}", "level": level,
                "result": result, "held_on": workday(self.tl.day(natural)),
                "subject": m.subject}

    def write_mentee_results(self) -> None:
        rows = []
        for o in self.world.schools:
            for pair in o.pairs:
                _, _, end = self.pair_dates(pair)
                for m in pair.members:
                    summary, reached, wants = self.results[id(m)]
                    rows.append({"mentee_id": self.mentee_profiles[id(m)].id,
                                 "pair_id": self.pair_ids[id(pair)], "recorded_on": end,
                                 "summary": summary, "goal_reached": reached,
                                 "wants_to_mentor": wants})
        self.bulk(MenteeResult, rows)

    def write_awards(self) -> None:
        rng, tl = self.rng, self.tl
        years = tl.years_text
        issued = workday(tl.day(266))
        awards: list[dict[str, Any]] = []
        numbers = {k: 0 for k in AwardKind}
        prefix = {AwardKind.CERTIFICATE: "С", AwardKind.DIPLOMA: "Г", AwardKind.THANKS: "Б",
                  AwardKind.THANKS_PARENTS: "БР", AwardKind.BEST_PAIR: "ЛП"}

        def award(kind: AwardKind, wording: str, person: Person | None = None,
                  pair: PairPlan | None = None) -> None:
            numbers[kind] += 1
            awards.append({"programme_id": self.programme.id, "kind": kind,
                           "number": f"{prefix[kind]}-{numbers[kind]:03d}", "issued_on": issued,
                           "person_id": person.id if person is not None else None,
                           "pair_id": self.pair_ids[id(pair)] if pair is not None else None,
                           "wording": wording})

        practices, events, attendance = [], [], []
        event = self.event_row("final_event", FINAL_EVENT, 265)
        events.append(event)
        for o in self.world.schools:
            active = [m for m in o.mentors if m.pairs]
            for m in active:
                award(AwardKind.CERTIFICATE, AWARD_WORDING["certificate"].format(years=years),
                      person=m.person)
            guests: list[Participant] = [*active]
            if not self.district:  # the whole school comes; the district invites the mentors
                guests += [x for p in o.pairs for x in p.members]
            for g in guests:
                attendance.append({"event_id": event["id"], "person_id": g.person.id,
                                   "present": rng.random() < 0.95})
            best = sorted((m for m in active if m.person.kind == PersonKind.TEACHER),
                          key=lambda m: self.merit(m) + rng.random(),
                          reverse=True)[: 1 if self.district else 2]
            for m in best:
                award(AwardKind.DIPLOMA, AWARD_WORDING["diploma"].format(years=years),
                      person=m.person)
            for m in active:
                if m.person.kind in (PersonKind.PARENT, PersonKind.EMPLOYER, PersonKind.GRADUATE):
                    award(AwardKind.THANKS, AWARD_WORDING["thanks"].format(years=years),
                          person=m.person)
                if m.role == "pupil" and m.guardian is not None:
                    child_word = "сына" if m.male else "дочери"
                    award(AwardKind.THANKS_PARENTS,
                          AWARD_WORDING["thanks_parents"].format(child_word=child_word),
                          person=m.guardian)
            good = [p for p in o.pairs if all(self.results[id(x)][1] for x in p.members)]
            if good:
                award(AwardKind.BEST_PAIR, AWARD_WORDING["best_pair"].format(years=years),
                      pair=rng.choice(good))
            shown: set[str] = set()
            for pair in good:
                theme = pair.members[0].theme
                if theme not in BEST_PRACTICES or theme in shown \
                        or len(shown) >= (1 if self.district else 2):
                    continue
                title, text = BEST_PRACTICES[theme]
                lead = pair.members[0]
                result = self.results[id(lead)][0].rstrip(".")
                practices.append({
                    "programme_id": self.programme.id, "pair_id": self.pair_ids[id(pair)],
                    "title": title, "publish_consent": not shown,
                    "text": text.format(mentor=pair.mentor.person.short_name,
                                        mentee_class=lead.person.group_name or "педагог",
                                        result=result[:1].lower() + result[1:]),
                })
                shown.add(theme)
        self.bulk(ProgrammeEvent, events)
        self.bulk(EventAttendance, attendance)
        self.bulk(Award, awards)
        self.bulk(BestPractice, practices)
