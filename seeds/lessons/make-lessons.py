#!/usr/bin/env python3
"""Makes the demo lessons: short videos (a title card over a test pattern, with a spoken-tone
track) and one-page PDF lesson plans, plus lessons.json describing them for the seed loader.

Run from the repository root when the list below changes:
    python3 seeds/lessons/make-lessons.py
Needs Debian's ffmpeg (libvpx, libopus, drawtext) and fonts-noto-cjk. The output is committed
(about 2 MB), so a fresh machine needs none of this. Everything here is invented for the demo.
"""
import json
import os
import subprocess

HERE = os.path.dirname(os.path.abspath(__file__))
FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"

# (file stem, kind, stage, grade, subject, chapter or None, Chinese title, Tibetan title, languages)
LESSONS = [
    ("m7-rational", "lesson-video", "junior", 7, "maths", "第一章 有理数", "有理数的加法", "ཚད་ལྡན་གྲངས་ཀྱི་སྣོན་རྩིས།", ["zh"]),
    ("m7-equation", "lesson-video", "junior", 7, "maths", "第三章 一元一次方程", "解一元一次方程", "མི་ཤེས་གྲངས་གཅིག་གི་མཉམ་བྱེད་འགྲོལ་བ།", ["zh", "bo"]),
    ("m7-geometry", "slides", "junior", 7, "maths", "第四章 几何图形初步", "直线、射线、线段", "ཐིག་དྲང་དང་འོད་ཟེར་ཐིག ཐིག་དུམ།", ["zh"]),
    ("m7-parallel", "lesson-video", "junior", 7, "maths", "第五章 相交线与平行线", "平行线的判定", "ཆ་མཉམ་ཐིག་ངོས་འཛིན་ཐབས།", ["zh", "bo"]),
    ("m7-real", "slides", "junior", 7, "maths", "第六章 实数", "平方根", "གྲུ་བཞིའི་རྩ་བ།", ["zh"]),
    ("m7-coordinates", "lesson-video", "junior", 7, "maths", "第七章 平面直角坐标系", "用坐标表示位置", "ས་ཚིགས་ཀྱིས་གནས་ས་མཚོན་པ།", ["bo"]),
    ("m8-triangle", "lesson-video", "junior", 8, "maths", "第十一章 三角形", "三角形的内角和", "གྲུ་གསུམ་གྱི་ནང་ཟུར་བསྡོམས།", ["zh", "bo"]),
    ("m8-congruent", "slides", "junior", 8, "maths", "第十二章 全等三角形", "全等三角形的判定", "ཡོངས་མཉམ་གྲུ་གསུམ་ངོས་འཛིན།", ["zh"]),
    ("m8-symmetry", "lesson-video", "junior", 8, "maths", "第十三章 轴对称", "画轴对称图形", "ཐིག་ཆ་སྙོམས་རི་མོ་འབྲི་བ།", ["zh"]),
    ("m8-pythagoras", "lesson-video", "junior", 8, "maths", "第十七章 勾股定理", "勾股定理（第一课时）", "ཟུར་དྲང་གྲུ་གསུམ་གྱི་གཏན་འཁེལ། (དུས་ཚོད་དང་པོ།)", ["zh", "bo"]),
    ("m8-pythagoras-plan", "slides", "junior", 8, "maths", "17.1 勾股定理", "勾股定理 教案", "ཟུར་དྲང་གྲུ་གསུམ་གྱི་གཏན་འཁེལ། སློབ་ཁྲིད་འཆར་གཞི།", ["zh", "bo"]),
    ("m8-converse", "lesson-video", "junior", 8, "maths", "17.2 勾股定理的逆定理", "勾股定理的逆定理", "ཟུར་དྲང་གྲུ་གསུམ་གྱི་གཏན་འཁེལ་ལྡོག་པ།", ["zh"]),
    ("m8-parallelogram", "slides", "junior", 8, "maths", "第十八章 平行四边形", "平行四边形的性质", "ཆ་མཉམ་གྲུ་བཞིའི་ཁྱད་ཆོས།", ["zh"]),
    ("m8-linear", "lesson-video", "junior", 8, "maths", "第十九章 一次函数", "一次函数的图象", "རིམ་པ་གཅིག་གི་འགྱུར་གྲངས་ཀྱི་རི་མོ།", ["zh", "bo"]),
    ("m9-quadratic-eq", "lesson-video", "junior", 9, "maths", "第二十一章 一元二次方程", "配方法", "ཆ་ཚང་གྲུ་བཞི་བཟོ་ཐབས།", ["zh"]),
    ("m9-parabola", "slides", "junior", 9, "maths", "第二十二章 二次函数", "二次函数的图象和性质", "རིམ་པ་གཉིས་ཀྱི་འགྱུར་གྲངས་ཀྱི་རི་མོ།", ["zh"]),
    ("m9-circle", "lesson-video", "junior", 9, "maths", "第二十四章 圆", "圆周角", "སྒོར་ཐིག་གི་ཟུར།", ["zh", "bo"]),
    ("m9-similar", "lesson-video", "junior", 9, "maths", "第二十七章 相似", "相似三角形", "འདྲ་མཚུངས་གྲུ་གསུམ།", ["zh"]),
    ("p8-motion", "lesson-video", "junior", 8, "physics", "第一章 机械运动", "运动的快慢", "འགུལ་སྐྱོད་ཀྱི་མྱུར་བུལ།", ["zh"]),
    ("p8-sound", "lesson-video", "junior", 8, "physics", "第二章 声现象", "声音的产生与传播", "སྒྲ་སྐྱེ་བ་དང་རྒྱུ་བ།", ["zh", "bo"]),
    ("p8-reflection", "lesson-video", "junior", 8, "physics", "4.2 光的反射", "光的反射", "འོད་ཀྱི་ཕྱིར་ལྡོག", ["zh", "bo"]),
    ("p8-lens", "slides", "junior", 8, "physics", "第五章 透镜及其应用", "凸透镜成像的规律", "སྒང་ཤེལ་གྱི་གཟུགས་བརྙན་སྒྲིག་ཚུལ།", ["zh"]),
    ("p8-density", "lesson-video", "junior", 8, "physics", "第六章 质量与密度", "测量物质的密度", "དངོས་རྫས་ཀྱི་སྟུག་ཚད་འཇལ་བ།", ["zh"]),
    ("p8-buoyancy", "lesson-video", "junior", 8, "physics", "第十章 浮力", "阿基米德原理", "ཨ་ཅི་མི་ཏེའི་རྩ་དོན།", ["zh", "bo"]),
    ("p9-circuit", "slides", "junior", 9, "physics", "第十五章 电流和电路", "串联和并联", "ཕྲེང་སྦྲེལ་དང་ཟུང་སྦྲེལ།", ["zh"]),
    ("p9-ohm", "lesson-video", "junior", 9, "physics", "17.2 欧姆定律", "欧姆定律", "ཨོ་མུའི་གཏན་འཁེལ།", ["zh", "bo"]),
    ("p9-power", "lesson-video", "junior", 9, "physics", "第十八章 电功率", "电功率", "གློག་གི་ནུས་ཚད།", ["zh"]),
    ("pr3-multiply", "lesson-video", "primary", 3, "maths", None, "两位数乘两位数", "ཨང་གྲངས་གཉིས་ཀྱི་སྒྱུར་རྩིས།", ["zh", "bo"]),
    ("pr5-fractions", "slides", "primary", 5, "maths", None, "分数的意义", "ཆ་གྲངས་ཀྱི་དོན་སྙིང་།", ["zh"]),
    ("s10-free-fall", "lesson-video", "senior", 10, "physics", None, "自由落体运动", "རང་བཞིན་འབབ་འགུལ།", ["zh"]),
    ("pr4-tibetan", "lesson-video", "primary", 4, "tibetan", None, "藏文文法入门", "བོད་ཀྱི་བརྡ་སྤྲོད་ཀྱི་འགོ་འཛུགས།", ["bo"]),
]

DESCRIPTIONS = {
    "m7-rational": "同号两数相加、异号两数相加，借助数轴理解有理数加法法则。Adding rational numbers on the number line.",
    "m7-equation": "去括号、去分母，一步步解一元一次方程。Solving linear equations in one unknown.",
    "m7-geometry": "认识直线、射线、线段，学会用字母表示并比较线段长短。Lines, rays and line segments.",
    "m7-parallel": "同位角、内错角、同旁内角与平行线的判定方法。Proving lines parallel with corresponding and alternate angles.",
    "m7-real": "算术平方根与平方根，估算无理数的大小。Square roots and estimating irrational numbers.",
    "m7-coordinates": "用有序数对和平面直角坐标系表示位置，牧区地图上的实例。Coordinates on the plane: locating places on a map.",
    "m8-triangle": "撕纸拼角与推理证明：三角形三个内角的和等于180°。The angle sum of a triangle is 180 degrees.",
    "m8-congruent": "SSS、SAS、ASA、AAS、HL：判定两个三角形全等。Congruent triangles: SSS, SAS, ASA, AAS, HL.",
    "m8-symmetry": "画一个图形关于某条直线的对称图形，藏族图案中的轴对称。Axial symmetry: drawing reflections in a line.",
    "m8-pythagoras": "直角三角形两条直角边的平方和等于斜边的平方，赵爽弦图证明。Pythagorean theorem, first lesson: proof with Zhao Shuang's diagram.",
    "m8-pythagoras-plan": "勾股定理一课的教学设计：目标、重难点、教学过程与板书。Lesson plan for the Pythagorean theorem.",
    "m8-converse": "三边满足 a²+b²=c² 的三角形是直角三角形，勾股数。Converse of the Pythagorean theorem and Pythagorean triples.",
    "m8-parallelogram": "平行四边形的对边相等、对角相等、对角线互相平分。Properties of parallelograms.",
    "m8-linear": "用描点法画一次函数的图象，认识斜率 k 与截距 b。Graphs of linear functions: slope and intercept.",
    "m9-quadratic-eq": "用配方法解一元二次方程，从完全平方式入手。Completing the square to solve quadratic equations.",
    "m9-parabola": "二次函数 y=ax² 的图象是抛物线：开口、对称轴、顶点。Quadratic functions and their parabolas.",
    "m9-circle": "同弧所对的圆周角等于圆心角的一半。Inscribed angles in a circle.",
    "m9-similar": "相似三角形的判定与性质，测量旗杆的高度。Similar triangles: measuring the height of a flagpole.",
    "p8-motion": "速度表示物体运动的快慢，v=s/t，牦牛与汽车的比较。Speed: how fast things move, v = s/t.",
    "p8-sound": "声音由物体振动产生，靠介质传播，真空不能传声。How sound is produced and travels through a medium.",
    "p8-reflection": "光的反射定律：反射角等于入射角，镜面反射与漫反射。Reflection of light: angle of incidence equals angle of reflection.",
    "p8-lens": "探究凸透镜成像的规律：物距、像距与焦距。Convex lens images: object distance, image distance, focal length.",
    "p8-density": "用天平和量筒测量固体和液体的密度，ρ=m/V。Measuring density with a balance and a measuring cylinder.",
    "p8-buoyancy": "浸在液体中的物体受到的浮力等于它排开液体的重力。Archimedes' principle and buoyancy.",
    "p9-circuit": "连接串联电路和并联电路，比较开关的作用。Series and parallel circuits.",
    "p9-ohm": "导体中的电流与电压成正比、与电阻成反比，I=U/R。Ohm's law: current, voltage and resistance.",
    "p9-power": "电功率表示消耗电能的快慢，P=UI，家用电器的铭牌。Electric power and household appliances.",
    "pr3-multiply": "用竖式计算两位数乘两位数，先估算再笔算。Multiplying two-digit numbers in columns.",
    "pr5-fractions": "把单位“1”平均分成若干份，表示这样一份或几份的数叫分数。What a fraction means.",
    "s10-free-fall": "物体只在重力作用下从静止开始下落的运动，重力加速度 g。Free fall and the acceleration of gravity.",
    "pr4-tibetan": "藏文三十个辅音字母与四个元音符号，前加字、后加字的用法。Tibetan grammar for beginners: consonants, vowels, prefixes.",
}


def video(stem, title, index):
    out = os.path.join(HERE, stem + ".webm")
    text = title.replace(":", "\\:").replace("'", "")
    hue = (index * 37) % 360
    subprocess.run(
        ["ffmpeg", "-loglevel", "error", "-y",
         "-f", "lavfi", "-i", f"testsrc2=duration=3:size=320x180:rate=10,hue=h={hue}",
         "-f", "lavfi", "-i", f"sine=frequency={330 + 20 * index}:duration=3",
         "-vf", f"drawtext=fontfile={FONT}:text='{text}':fontsize=20:fontcolor=white:"
                "box=1:boxcolor=black@0.6:x=(w-text_w)/2:y=h-40",
         "-c:v", "libvpx", "-b:v", "80k", "-g", "20", "-c:a", "libopus", "-b:a", "24k",
         "-shortest", out], check=True)
    return stem + ".webm"

def pdf(stem, english):
    """A one-page PDF lesson plan (Latin text in a standard font: no font embedding needed)."""
    lines = [english, "Lesson plan - Classbridge demo", "1. Goals  2. Key points  3. Steps  4. Homework"]
    stream = "BT /F1 14 Tf 50 780 Td " + " ".join(
        f"({l.replace('(', '[').replace(')', ']')}) Tj 0 -24 Td" for l in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        " /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    body = "%PDF-1.4\n"
    offsets = []
    for i, o in enumerate(objects, 1):
        offsets.append(len(body))
        body += f"{i} 0 obj\n{o}\nendobj\n"
    xref = len(body)
    body += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n"
    body += "".join(f"{o:010d} 00000 n \n" for o in offsets)
    body += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n"
    with open(os.path.join(HERE, stem + ".pdf"), "w", encoding="ascii") as f:
        f.write(body)
    return stem + ".pdf"

def main():
    entries = []
    for i, (stem, kind, stage, grade, subject, chapter, title, title_bo, langs) in enumerate(LESSONS):
        name = video(stem, title, i) if kind == "lesson-video" else pdf(stem, f"Lesson {i + 1}: {stem}")
        resource = {"kind": kind, "title": title, "titleBo": title_bo,
                    "description": DESCRIPTIONS[stem], "stage": stage, "grade": grade,
                    "subject": subject, "languages": langs, "licence": "CC BY-NC-SA 4.0"}
        if chapter:
            resource["chapter"] = chapter
            resource["edition"] = "人教版"
        if kind == "lesson-video":
            resource["durationSeconds"] = 3
        entries.append({"author": "teacher.xining", "file": "lessons/" + name, "resource": resource})
    with open(os.path.join(HERE, "lessons.json"), "w", encoding="utf-8") as f:
        json.dump({"about": "Made by make-lessons.py: short demo lessons (test pattern, tone, title card)"
                   " and one-page lesson plans, filed on the demo curriculum tree.",
                   "lessons": entries}, f, ensure_ascii=False, indent=1)
        f.write("\n")

main()
