"""Turkish texts of Kreis Offenbach's main demo pages."""

from wegweiser.demo.guide_content.shapes import Text

TEXTS = {
    "erste-anlaufstellen": Text(
        "İlk başvuru noktaları",
        "Offenbach ilçesindeki ilk haftalarınızda size kim yardımcı olur?",
        """
        Offenbach ilçesine (Kreis Offenbach) yeni mi geldiniz? Burada ilk haftalarınız için en önemli kurumları
        bulabilirsiniz: nerede kayıt yaptıracağınızı, oturumunuzdan kimin sorumlu olduğunu ve nerede ücretsiz
        danışmanlık alabileceğinizi.

        - Konutunuzu iki hafta içinde şehrinizin veya belediyenizin vatandaşlık bürosunda (Bürgerbüro) kaydettirin.
        - Oturma izinleri ve vizelerden ilçenin Dietzenbach'taki Yabancılar Dairesi sorumludur.
        - WIR Çeşitlilik Merkezi doğru kurumu bulmanıza yardımcı olur.

        Her randevuya pasaportunuzu veya kimliğinizi ve önemli belgelerinizi getirin.
        """,
    ),
    "wir-vielfaltszentrum": Text(
        "Offenbach İlçesi WIR Çeşitlilik Merkezi",
        "Yeni hayatınıza başlarken tüm sorularınız için ilk adresiniz.",
        """
        Offenbach ilçesinin WIR Çeşitlilik Merkezi, 13 şehir ve belediyenin tamamında uyum çalışmalarını koordine
        eder. Sorularınızı yanıtlar ya da size kimin yardımcı olabileceğini söyleriz.

        - Dietzenbach İlçe Binası, Werner-Hilpert-Straße 1, 63128 Dietzenbach
        - Açık danışma saatleri: Salı 9.00–12.00 ve Perşembe 14.00–17.00
        - Telefon: 06074 8180-0000

        Danışmanlık ücretsizdir. Size tercümanlık yapacak birini yanınızda getirebilirsiniz.
        """,
    ),
    "auslaenderbehoerde": Text(
        "Yabancılar Dairesi",
        "Oturma izinleri, uzatmalar ve çalışma izni – yalnızca randevuyla.",
        """
        Offenbach İlçesi Yabancılar Dairesi, ilçedeki tüm şehir ve belediyelerden sorumludur. Oturma izinleri,
        uzatmalar, süresiz oturma izinleri ve çalışma izni hakkında karar verir.

        - Randevular yalnızca önceden, çevrimiçi veya telefonla alınır.
        - Oturma izninizin süresi dolmadan en az sekiz hafta önce uzatma başvurusu yapın.
        - Pasaportunuzu, biyometrik fotoğrafınızı, kira sözleşmenizi ve gelir belgelerinizi getirin.

        Randevu alamadan oturma izninizin süresi dolarsa başvurunuzun onay belgesini iyi saklayın.
        """,
    ),
    "sprachkurse": Text(
        "Dil kursları",
        "Almanca öğrenmek: uyum kursları, mesleki dil kursları ve ücretsiz imkânlar.",
        """
        İyi Almanca bilgisi günlük hayatta, iş ararken ve çocuklarınızın okulunda işinizi kolaylaştırır. Offenbach
        ilçesinde her seviyeye uygun kurslar vardır – ilk kelimeden sınava kadar.

        - Uyum kursu: dil kursu ve oryantasyon kursu, çoğu zaman ücretsiz.
        - Mesleki dil kursu: iş hayatı için Almanca, B1 seviyesinden itibaren.
        - Dil kafeleri: rahat bir ortamda Almanca pratiği, kayıt gerekmez.

        Hangi kursun size uygun olduğunu bilmiyor musunuz? Göç danışmanlığı seçimde ve kayıtta size yardımcı olur.
        """,
    ),
    "integrationskurs": Text(
        "Uyum kursu",
        "600 saat Almanca ve 100 saat oryantasyon kursu.",
        """
        Uyum kursu, bir dil kursu (genellikle 600 ders saati) ile Almanya'daki tarih, siyaset ve birlikte yaşam
        hakkında bir oryantasyon kursundan (100 ders saati) oluşur. Kurs, „Göçmenler için Almanca Testi“ ve
        „Almanya'da Yaşam“ sınavlarıyla sona erer.

        - Sabah ve akşam kursları, çocuk bakımlı kurslar, kadınlara ve gençlere yönelik kurslar vardır.
        - Vatandaşlık geliri (Bürgergeld) alanlar veya düşük gelirliler masraflardan muaf tutulabilir.
        - Kayıt için Federal Göç ve Mülteciler Dairesi'nden (BAMF) bir katılım hakkı belgesine ya da Yabancılar
          Dairesi'nden veya Jobcenter'dan bir katılım yükümlülüğüne ihtiyacınız vardır.
        """,
    ),
    "beratung": Text(
        "Danışmanlık",
        "Birçok dilde ücretsiz ve gizli danışmanlık.",
        """
        Offenbach ilçesinde birçok danışma merkezi oturum, konut, iş, aile veya para konularındaki sorularınızda
        size ücretsiz ve gizlilik içinde yardım eder. Danışmanlar sır saklama yükümlülüğüne tabidir.

        Almancanız yeterli değilse bunu randevu alırken belirtin. Birçok merkez İngilizce, Arapça, Farsça, Türkçe
        veya Ukraynaca da danışmanlık verir ya da bir dil aracısı ayarlar.
        """,
    ),
    "migrationsberatung": Text(
        "Yetişkinler için göç danışmanlığı",
        "İlk yıllarınızda destek – ücretsiz ve gizli.",
        """
        Yetişkin göçmenler için göç danışmanlığı (MBE), Almanya'daki ilk yıllarınızda size eşlik eder. Resmî
        kurumlardan gelen başvuru ve mektuplarda, dil kursu aramada ve iş, konut ve aileyle ilgili sorularda
        yardımcı olur.

        Langen, Dietzenbach, Neu-Isenburg ve Rodgau'da danışma merkezleri vardır. Telefonla veya e-postayla randevu
        alın. Danışmanlık ücretsizdir, gizlidir ve oturum durumunuzdan bağımsızdır.
        """,
    ),
    "arbeit-ausbildung": Text(
        "İş ve meslek eğitimi",
        "İş bulmak, diplomaları tanıtmak, meslek eğitimine başlamak.",
        """
        Birçok insan için çalışmak, Almanya'da yerleşmenin önemli bir adımıdır. Bir işi kabul etmeden önce çalışma
        izniniz olup olmadığını öğrenin. Bu bilgi oturma izninizde veya geçici oturma belgenizde
        (Aufenthaltsgestattung) yazılıdır.

        - Jobcenter ve İş Ajansı iş aramanızda size yardımcı olur.
        - Yurt dışında alınmış meslek ve üniversite diplomaları tanınabilir.
        - Meslek eğitimi genellikle üç yıl sürer ve ücretlidir.
        """,
    ),
    "familie": Text(
        "Aile",
        "Çocuk bakımı, okul ve ailelere destek.",
        """
        Offenbach ilçesinde çocukların bir yaşından itibaren bir bakım yerine hakkı vardır. Altı yaşından itibaren
        tüm çocuklar okula gider – okul zorunluluğu burada yaşayan her çocuk için geçerlidir.

        Aile merkezleri, ebeveyn kafeleri ve aile eğitim merkezleri ebeveynlere danışmanlık, kurslar ve buluşma
        yerleri sunar. Birçok hizmet ücretsizdir.
        """,
    ),
    "gesundheit": Text(
        "Sağlık",
        "Doktora gitmek, acil durumlar ve sağlık sigortası.",
        """
        Almanya'da hastalandığınızda önce bir aile hekimine (Hausarzt) gidersiniz. Sağlık sigortası kartınızı
        yanınızda getirin. Uzman doktora gitmek için çoğu zaman sevk gerekir.

        - Acil çağrı (ambulans ve itfaiye): 112
        - Gece ve hafta sonu nöbetçi doktor hizmeti: 116 117
        - Polis: 110
        """,
    ),
    "aerztliche-versorgung": Text(
        "Tıbbi bakım ve acil durumlar",
        "Ne zaman aile hekiminize gitmeli, ne zaman 112'yi aramalısınız?",
        """
        Çoğu şikâyette doğru adres aile hekiminin muayenehanesidir. Mümkünse önceden randevu alın. Muayenehane
        kapalıyken 116 117 numaralı nöbetçi doktor hizmeti yardımcı olur.

        Hayati tehlike olduğunda – örneğin nefes darlığında, şiddetli göğüs ağrısında veya ağır bir kazadan sonra –
        hemen 112'yi arayın. Arama ücretsizdir.

        Langen ve Seligenstadt'taki hastanelerin 24 saat açık acil servisleri vardır.
        """,
    ),
    "freizeit": Text(
        "Boş zaman",
        "Yakınınızdaki dernekler, spor, kütüphaneler ve buluşma yerleri.",
        """
        Derneklerde, kütüphanelerde ve buluşma kafelerinde insanlarla tanışır, bu arada Almancanızı da
        geliştirirsiniz. İlçedeki hemen her şehir ve belediyede spor kulüpleri, korolar, bahçe projeleri ile
        çocuklara ve gençlere yönelik etkinlikler vardır.

        Birçok dernek yeni üyelerden memnuniyet duyar. İndirimli aidatları sorun – düşük gelirli aileler için çoğu
        zaman destek vardır.
        """,
    ),
}
