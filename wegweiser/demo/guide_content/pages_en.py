"""English texts of Kreis Offenbach's demo pages (all of them)."""

from wegweiser.demo.guide_content.shapes import Text

TEXTS = {
    "erste-anlaufstellen": Text(
        "First points of contact",
        "Who helps you during your first weeks in the district of Offenbach.",
        """
        Are you new to the district of Offenbach? Here you will find the most important offices for your first
        weeks: where to register, who is responsible for your residence permit and where to get free advice.

        - Register your flat at the citizens' office of your town within two weeks.
        - The district's immigration office in Dietzenbach is responsible for residence permits and visas.
        - The WIR Diversity Centre helps you find the right office.

        Bring your passport or ID card and your important documents to every appointment.
        """,
    ),
    "wir-vielfaltszentrum": Text(
        "WIR Diversity Centre, district of Offenbach",
        "Your first address for all questions about settling in.",
        """
        The WIR Diversity Centre of the district of Offenbach coordinates integration work in all 13 towns
        and municipalities. We answer your questions or tell you who can help.

        - District office Dietzenbach, Werner-Hilpert-Straße 1, 63128 Dietzenbach
        - Open consultation hours: Tuesday 9 am to 12 noon and Thursday 2 pm to 5 pm
        - Phone: 06074 8180-0000

        Advice is free of charge. You are welcome to bring someone who interprets for you.
        """,
    ),
    "auslaenderbehoerde": Text(
        "Immigration office",
        "Residence permits, extensions and work permits – by appointment only.",
        """
        The immigration office of the district of Offenbach is responsible for all towns and municipalities
        in the district. It decides on residence permits, extensions, settlement permits and permission to
        work.

        - Appointments only by arrangement, online or by phone.
        - Apply for an extension at least eight weeks before your residence permit expires.
        - Bring your passport, a biometric photo, your tenancy agreement and proof of income.

        If your residence permit expires before you get an appointment, keep the confirmation of your
        application in a safe place.
        """,
    ),
    "buergerbuero": Text(
        "Registering at the citizens' office",
        "Register your address, receive your tax ID and a certificate of registration.",
        """
        Anyone who moves into a flat in Germany must register at the citizens' office of the town within two
        weeks. You need your passport and the landlord's confirmation (Wohnungsgeberbestätigung).

        After registering you receive a certificate of registration. Your tax identification number arrives
        by post a few weeks later.
        """,
    ),
    "ansprechpersonen-kommunen": Text(
        "Contacts in the towns and municipalities",
        "Local integration officers and volunteer coordinators.",
        """
        Many towns and municipalities in the district have their own integration officer or a coordinator
        for volunteers. They know the local offers.

        The WIR Diversity Centre will gladly tell you who to contact where you live.
        """,
    ),
    "sprachkurse": Text(
        "Language courses",
        "Learning German: integration courses, job-related courses and free offers.",
        """
        Good German helps in everyday life, when looking for work and at your children's school. In the
        district of Offenbach there are courses for every level – from your first word to the exam.

        - Integration course: language course and orientation course, often free of charge.
        - Job-related German course: German for work, from level B1.
        - Language cafés: practise German in a relaxed group, no registration needed.

        Not sure which course suits you? The migration advice service helps you choose and register.
        """,
    ),
    "integrationskurs": Text(
        "Integration course",
        "600 hours of German and 100 hours of orientation course.",
        """
        An integration course consists of a language course (usually 600 lessons) and an orientation course
        (100 lessons) on history, politics and living together in Germany. It ends with the exams "German Test
        for Immigrants" and "Life in Germany".

        - There are morning and evening courses, courses with childcare, for women and for young people.
        - If you receive citizen's income (Bürgergeld) or earn little, you can be exempted from the costs.
        - To register you need an entitlement from the Federal Office for Migration and Refugees (BAMF) or
          an obligation from the immigration office or the job centre.
        """,
    ),
    "berufssprachkurse": Text(
        "Job-related German courses",
        "German for work, from B1 to C1.",
        """
        Job-related language courses prepare you for the language at work: talking to customers, writing
        e-mails, technical terms. There are also courses for care, retail and technical jobs.

        You can register through the job centre, the employment agency or directly with a course provider
        if you are already working.
        """,
    ),
    "sprachcafes": Text(
        "Language cafés and volunteer offers",
        "Practise German without the pressure of exams.",
        """
        At language cafés you meet people who are learning German and volunteers who enjoy talking with you.
        No registration and no previous knowledge are needed.

        You will find dates near you under "Events".
        """,
    ),
    "beratung": Text(
        "Advice",
        "Free and confidential advice, in many languages.",
        """
        Many advice centres in the district of Offenbach help you free of charge and in confidence – with
        questions about residence, housing, work, family or money. The advisers are bound to confidentiality.

        If you speak little German, say so when you make the appointment. Many centres also advise in
        English, Arabic, Farsi, Turkish or Ukrainian, or arrange for a language mediator.
        """,
    ),
    "migrationsberatung": Text(
        "Migration advice for adults",
        "Support in your first years – free and confidential.",
        """
        The migration advice service for adult immigrants (MBE) supports you during your first years in
        Germany. It helps with applications and letters from authorities, with finding a language course and
        with questions about work, housing and family.

        There are advice centres in Langen, Dietzenbach, Neu-Isenburg and Rodgau. Make an appointment by phone
        or e-mail. Advice is free, confidential and independent of your residence status.
        """,
    ),
    "jugendmigrationsdienst": Text(
        "Youth migration service",
        "Advice for young people aged 12 to 27.",
        """
        The youth migration service advises young immigrants on school, vocational training, university and
        language courses. It also helps with job applications and with problems in the family.
        """,
    ),
    "gewalt-krisen": Text(
        "Help with violence and in a crisis",
        "Quick help, also anonymously and around the clock.",
        """
        Nobody has to put up with violence – not in the family either. If you are in danger, call the police
        on 110.

        - Violence against women helpline: 116 016 (around the clock, in 18 languages)
        - Telephone counselling: 0800 111 0 111 (free, anonymous)
        """,
    ),
    "arbeit-ausbildung": Text(
        "Work & training",
        "Find work, have your qualifications recognised, start vocational training.",
        """
        For many people, work is an important step in settling in Germany. Before you accept a job, check
        whether you are allowed to work. This is stated on your residence permit or your permission to stay
        (Aufenthaltsgestattung).

        - The job centre and the employment agency help you look for a job.
        - Foreign vocational and university qualifications can be recognised.
        - Vocational training usually takes three years and is paid.
        """,
    ),
    "anerkennung": Text(
        "Recognition of foreign qualifications",
        "Work in your profession with a recognised qualification.",
        """
        In some professions, for example in nursing, as a doctor or a teacher, your qualification must be
        recognised. In other professions recognition helps when you apply.

        The recognition advice service checks with you which office is responsible and which documents you
        need. Have your certificates translated by a sworn translator.
        """,
    ),
    "ausbildung": Text(
        "Vocational training in Germany",
        "Learning at a company and at vocational school.",
        """
        Dual vocational training combines work at a company with lessons at a vocational school. You are paid
        from the first month. Training places for the autumn are often given out in winter – apply early.
        """,
    ),
    "jobcenter": Text(
        "Job centre and employment agency",
        "Job search, citizen's income and further training.",
        """
        The employment agency advises on choosing a career and finds jobs. The job centre is responsible if
        you receive citizen's income (Bürgergeld). Under certain conditions, both pay for language courses
        and further training.
        """,
    ),
    "familie": Text(
        "Family",
        "Childcare, school and support for families.",
        """
        In the district of Offenbach, children are entitled to a childcare place from their first birthday.
        From the age of six all children go to school – compulsory schooling applies to every child living
        here.

        Family centres, parents' cafés and family education centres offer advice, courses and meeting places
        for parents. Many offers are free of charge.
        """,
    ),
    "kita": Text(
        "Day-care centres and childminders",
        "Finding and registering for a childcare place.",
        """
        Register your child for a day-care place with your town early, ideally several months in advance. For
        children under three there are also childminders. In Hessen, day care for children aged three and over
        is free for six hours a day.
        """,
    ),
    "schule": Text(
        "School",
        "Compulsory schooling, intensive classes and homework help.",
        """
        Children and young people who do not yet speak enough German first learn German in intensive classes.
        The State School Office advises you which school is responsible.
        """,
    ),
    "kindergeld-elterngeld": Text(
        "Child benefit and parental allowance",
        "Money for families: who receives it and where to apply.",
        """
        You apply for child benefit at the family benefits office of the employment agency, and for parental
        allowance at the parental allowance office. Whether you are entitled also depends on your residence
        permit. The migration advice service helps you fill in the forms.
        """,
    ),
    "gesundheit": Text(
        "Health",
        "Seeing a doctor, emergencies and health insurance.",
        """
        In Germany, when you are ill you first see a general practitioner (family doctor). Bring your health
        insurance card. You often need a referral to see a specialist.

        - Emergency number (ambulance and fire brigade): 112
        - Out-of-hours medical service at night and at weekends: 116 117
        - Police: 110
        """,
    ),
    "aerztliche-versorgung": Text(
        "Medical care and emergencies",
        "When to go to your family doctor and when to call 112.",
        """
        For most complaints, your family doctor's practice is the right place. If possible, make an
        appointment first. When the practice is closed, the out-of-hours medical service on 116 117 helps.

        If someone's life is in danger – for example with breathing difficulties, severe chest pain or after a
        serious accident – call 112 immediately. The call is free.

        The hospitals in Langen and Seligenstadt have an emergency department that is open around the clock.
        """,
    ),
    "krankenversicherung": Text(
        "Health insurance",
        "Compulsory for everyone living in Germany.",
        """
        Everyone in Germany must have health insurance. If you work, you are usually insured through your
        employer's statutory scheme. Refugees in the asylum procedure receive treatment vouchers or a health
        card through the social welfare office.
        """,
    ),
    "psychosoziale-hilfe": Text(
        "Psychosocial support",
        "Help with stress, grief and after flight.",
        """
        War, flight and loss can make the soul ill. That is not a weakness. Advice centres and psychosocial
        centres offer counselling, also with a language mediator.
        """,
    ),
    "freizeit": Text(
        "Leisure",
        "Clubs, sport, libraries and meeting places near you.",
        """
        In clubs, libraries and meeting cafés you get to know people and practise German along the way. Almost
        every town in the district has sports clubs, choirs, garden projects and activities for children and
        young people.

        Many clubs welcome new members. Ask about reduced fees – there are often grants for families with
        little money.
        """,
    ),
    "vereine-ehrenamt": Text(
        "Clubs and volunteering",
        "Join in and help others.",
        """
        Volunteers give their free time to help others, for example in the fire brigade, in a sports club or
        as a language mentor. Volunteering brings contacts and experience that also help when looking for
        work.
        """,
    ),
    "sport-schwimmen": Text(
        "Sport and swimming",
        "Sports clubs, swimming lessons and exercise classes.",
        """
        Sports clubs offer football, gymnastics, martial arts and much more. Several indoor pools in the
        district run swimming lessons for children and adults, some for women only.
        """,
    ),
    "bibliotheken": Text(
        "Libraries",
        "Books, films and learning material – often in several languages.",
        """
        The town libraries in the district lend books, audiobooks and films, many of them in other languages.
        With a library card you can also use language learning apps and e-books free of charge.
        """,
    ),
}
