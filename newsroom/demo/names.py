"""The demo cast's names in Hangul, as their agencies write them: the import format names actors by
their romanised name only, and readers search for either."""

NATIVE_NAMES = {
    "Gong Yoo": "공유",
    "Hwang Jung Eum": "황정음",
    "Hyeri": "혜리",
    "Ji Chang Wook": "지창욱",
    "Ji Sung": "지성",
    "Jun Ji Hyun": "전지현",
    "Jung Eun Ji": "정은지",
    "Kim Go Eun": "김고은",
    "Kim Soo Hyun": "김수현",
    "Kim Yoo Jung": "김유정",
    "Lee Sung Kyung": "이성경",
    "Nam Joo Hyuk": "남주혁",
    "Park Bo Gum": "박보검",
    "Park Bo Young": "박보영",
    "Park Hyung Sik": "박형식",
    "Park Min Young": "박민영",
    "Ryu Jun Yeol": "류준열",
    "Seo In Guk": "서인국",
    "Seo Kang Joon": "서강준",
    "Song Hye Kyo": "송혜교",
    "Song Joong Ki": "송중기",
    "Yoon Eun Hye": "윤은혜",
}
